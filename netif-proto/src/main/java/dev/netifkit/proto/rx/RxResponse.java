package dev.netifkit.proto.rx;

import dev.netifkit.proto.Fields;
import io.netty.buffer.ByteBuf;

/**
 * A guest-receive response (RX-2): status is the number of bytes in this slot (&gt; 0) or a negative NETIF_RSP_*.
 *
 * <p>Immutable value of a {@code netif_rx_response} for users, tests and decoders; it encodes and decodes through
 * {@link RxResponseFlyweight}, the one definition of the layout. u32 fields are held in an {@code int} (unsigned).
 *
 * @param id the id of the request consumed for it (u16)
 * @param offset where the data starts in the page (u16)
 * @param flags NETRXF_* flags (see {@link dev.netifkit.proto.RxFlags}) (u16)
 * @param status bytes in this slot, or a negative NETIF_RSP_* (s16)
 */
public record RxResponse(int id, int offset, int flags, int status) {
    /**
     * Checks that narrow fields fit their width.
     */
    public RxResponse {
        Fields.check("netif_rx_response.id", id, 0, 0xFFFF);
        Fields.check("netif_rx_response.offset", offset, 0, 0xFFFF);
        Fields.check("netif_rx_response.flags", flags, 0, 0xFFFF);
        Fields.check("netif_rx_response.status", status, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    /**
     * Reads one from a buffer.
     *
     * @param buffer the buffer
     * @param at the first byte
     * @return the value
     */
    public static RxResponse decode(ByteBuf buffer, int at) {
        RxResponseFlyweight f = new RxResponseFlyweight().wrap(buffer, at);
        return new RxResponse(f.id(), f.offset(), f.flags(), f.status());
    }

    /**
     * Writes this value (RxResponseLayout.LENGTH bytes).
     *
     * @param buffer the buffer
     * @param at the first byte
     */
    public void encode(ByteBuf buffer, int at) {
        new RxResponseFlyweight().wrap(buffer, at)
                .id(id)
                .offset(offset)
                .flags(flags)
                .status(status);
    }

    @Override
    public String toString() {
        return "RxResponse[id=" + id + ", offset=" + offset + ", flags=" + flags + ", status=" + status + "]";
    }
}

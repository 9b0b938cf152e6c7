package dev.netifkit.proto.tx;

import dev.netifkit.proto.Fields;
import io.netty.buffer.ByteBuf;

/**
 * A guest-transmit response (TX-3). It occupies the first 4 bytes of a 12-byte tx ring slot.
 *
 * <p>Immutable value of a {@code netif_tx_response} for users, tests and decoders; it encodes and decodes through
 * {@link TxResponseFlyweight}, the one definition of the layout. u32 fields are held in an {@code int} (unsigned).
 *
 * @param id the id of the request answered (meaningless when status is NETIF_RSP_NULL) (u16)
 * @param status NETIF_RSP_* (see {@link dev.netifkit.proto.NetifRsp}) (s16)
 */
public record TxResponse(int id, int status) {
    /**
     * Checks that narrow fields fit their width.
     */
    public TxResponse {
        Fields.check("netif_tx_response.id", id, 0, 0xFFFF);
        Fields.check("netif_tx_response.status", status, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    /**
     * Reads one from a buffer.
     *
     * @param buffer the buffer
     * @param at the first byte
     * @return the value
     */
    public static TxResponse decode(ByteBuf buffer, int at) {
        TxResponseFlyweight f = new TxResponseFlyweight().wrap(buffer, at);
        return new TxResponse(f.id(), f.status());
    }

    /**
     * Writes this value (TxResponseLayout.LENGTH bytes).
     *
     * @param buffer the buffer
     * @param at the first byte
     */
    public void encode(ByteBuf buffer, int at) {
        new TxResponseFlyweight().wrap(buffer, at)
                .id(id)
                .status(status);
    }

    @Override
    public String toString() {
        return "TxResponse[id=" + id + ", status=" + status + "]";
    }
}

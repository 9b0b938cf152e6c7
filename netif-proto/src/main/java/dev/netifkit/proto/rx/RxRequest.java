package dev.netifkit.proto.rx;

import dev.netifkit.proto.Fields;
import io.netty.buffer.ByteBuf;

/**
 * A guest-receive request: one posted buffer, a whole writable granted page (RX-1).
 *
 * <p>Immutable value of a {@code netif_rx_request} for users, tests and decoders; it encodes and decodes through
 * {@link RxRequestFlyweight}, the one definition of the layout. u32 fields are held in an {@code int} (unsigned).
 *
 * @param id echoed in the response (u16)
 * @param pad padding (u16)
 * @param gref grant reference of the posted page (u32)
 */
public record RxRequest(int id, int pad, int gref) {
    /**
     * Checks that narrow fields fit their width.
     */
    public RxRequest {
        Fields.check("netif_rx_request.id", id, 0, 0xFFFF);
        Fields.check("netif_rx_request.pad", pad, 0, 0xFFFF);
    }

    /**
     * Reads one from a buffer.
     *
     * @param buffer the buffer
     * @param at the first byte
     * @return the value
     */
    public static RxRequest decode(ByteBuf buffer, int at) {
        RxRequestFlyweight f = new RxRequestFlyweight().wrap(buffer, at);
        return new RxRequest(f.id(), f.pad(), f.gref());
    }

    /**
     * Writes this value (RxRequestLayout.LENGTH bytes).
     *
     * @param buffer the buffer
     * @param at the first byte
     */
    public void encode(ByteBuf buffer, int at) {
        new RxRequestFlyweight().wrap(buffer, at)
                .id(id)
                .pad(pad)
                .gref(gref);
    }

    @Override
    public String toString() {
        return "RxRequest[id=" + id + ", pad=" + pad + ", gref=" + Integer.toUnsignedString(gref) + "]";
    }
}

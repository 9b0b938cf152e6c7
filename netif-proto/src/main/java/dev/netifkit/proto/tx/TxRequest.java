package dev.netifkit.proto.tx;

import dev.netifkit.proto.Fields;
import io.netty.buffer.ByteBuf;

/**
 * A guest-transmit request: one slot of a packet (TX-1). In the first request of a packet {@code size} is the packet's total size; in later ones, that request's own size.
 *
 * <p>Immutable value of a {@code netif_tx_request} for users, tests and decoders; it encodes and decodes through
 * {@link TxRequestFlyweight}, the one definition of the layout. u32 fields are held in an {@code int} (unsigned).
 *
 * @param gref grant reference of the page holding this slot's data (u32)
 * @param offset offset of the data within the granted page (u16)
 * @param flags NETTXF_* flags (see {@link dev.netifkit.proto.TxFlags}) (u16)
 * @param id echoed in the response (u16)
 * @param size bytes: the total packet size in a first request, this slot's size otherwise (u16)
 */
public record TxRequest(int gref, int offset, int flags, int id, int size) {
    /**
     * Checks that narrow fields fit their width.
     */
    public TxRequest {
        Fields.check("netif_tx_request.offset", offset, 0, 0xFFFF);
        Fields.check("netif_tx_request.flags", flags, 0, 0xFFFF);
        Fields.check("netif_tx_request.id", id, 0, 0xFFFF);
        Fields.check("netif_tx_request.size", size, 0, 0xFFFF);
    }

    /**
     * Reads one from a buffer.
     *
     * @param buffer the buffer
     * @param at the first byte
     * @return the value
     */
    public static TxRequest decode(ByteBuf buffer, int at) {
        TxRequestFlyweight f = new TxRequestFlyweight().wrap(buffer, at);
        return new TxRequest(f.gref(), f.offset(), f.flags(), f.id(), f.size());
    }

    /**
     * Writes this value (TxRequestLayout.LENGTH bytes).
     *
     * @param buffer the buffer
     * @param at the first byte
     */
    public void encode(ByteBuf buffer, int at) {
        new TxRequestFlyweight().wrap(buffer, at)
                .gref(gref)
                .offset(offset)
                .flags(flags)
                .id(id)
                .size(size);
    }

    @Override
    public String toString() {
        return "TxRequest[gref=" + Integer.toUnsignedString(gref) + ", offset=" + offset + ", flags=" + flags + ", id=" + id + ", size=" + size + "]";
    }
}

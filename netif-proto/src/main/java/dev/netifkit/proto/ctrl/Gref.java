package dev.netifkit.proto.ctrl;

import dev.netifkit.proto.Fields;
import io.netty.buffer.ByteBuf;

/**
 * One entry of an ADD/DEL_GREF_MAPPING list (SG-1); a list starts at offset 0 of one granted page.
 *
 * <p>Immutable value of a {@code xen_netif_gref} for users, tests and decoders; it encodes and decodes through
 * {@link GrefFlyweight}, the one definition of the layout. u32 fields are held in an {@code int} (unsigned).
 *
 * @param ref the grant reference to map or unmap (u32)
 * @param flags XEN_NETIF_CTRLF_GREF_* (bit 0: read-only) (u16)
 * @param status XEN_NETIF_CTRL_STATUS_* per entry, written by the backend on DEL (SG-4) (u16)
 */
public record Gref(int ref, int flags, int status) {
    /**
     * Checks that narrow fields fit their width.
     */
    public Gref {
        Fields.check("xen_netif_gref.flags", flags, 0, 0xFFFF);
        Fields.check("xen_netif_gref.status", status, 0, 0xFFFF);
    }

    /**
     * Reads one from a buffer.
     *
     * @param buffer the buffer
     * @param at the first byte
     * @return the value
     */
    public static Gref decode(ByteBuf buffer, int at) {
        GrefFlyweight f = new GrefFlyweight().wrap(buffer, at);
        return new Gref(f.ref(), f.flags(), f.status());
    }

    /**
     * Writes this value (GrefLayout.LENGTH bytes).
     *
     * @param buffer the buffer
     * @param at the first byte
     */
    public void encode(ByteBuf buffer, int at) {
        new GrefFlyweight().wrap(buffer, at)
                .ref(ref)
                .flags(flags)
                .status(status);
    }

    @Override
    public String toString() {
        return "Gref[ref=" + Integer.toUnsignedString(ref) + ", flags=" + flags + ", status=" + status + "]";
    }
}

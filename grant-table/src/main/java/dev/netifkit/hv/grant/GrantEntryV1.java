package dev.netifkit.hv.grant;

import io.netty.buffer.ByteBuf;

/**
 * Value copy of one {@code grant_entry_v1} (GNT-1), for tests, decoders and diagnostics; the datapath uses the
 * static accessors of {@link GrantEntryV1Layout} directly. Every bit is carried: {@code flags} and {@code domid} are
 * the u16 values (0..0xFFFF), {@code frame} is the u32 in an int.
 *
 * @param flags GTF_* bits (u16)
 * @param domid the grantee domain (u16)
 * @param frame the granting domain's frame number (u32)
 */
public record GrantEntryV1(int flags, int domid, int frame) {

    /** Rejects values that do not fit their u16 fields. */
    public GrantEntryV1 {
        if ((flags & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("flags " + flags + " does not fit u16 (0..65535)");
        }
        if ((domid & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("domid " + domid + " does not fit u16 (0..65535)");
        }
    }

    /** Writes this entry at {@code offset} (8 bytes, little-endian). */
    public void encode(ByteBuf buf, int offset) {
        GrantEntryV1Layout.flags(buf, offset, flags);
        GrantEntryV1Layout.domid(buf, offset, domid);
        GrantEntryV1Layout.frame(buf, offset, frame);
    }

    /** Reads the entry at {@code offset}. */
    public static GrantEntryV1 decode(ByteBuf buf, int offset) {
        return new GrantEntryV1(GrantEntryV1Layout.flags(buf, offset), GrantEntryV1Layout.domid(buf, offset),
                GrantEntryV1Layout.frame(buf, offset));
    }

    @Override
    public String toString() {
        return "GrantEntryV1{flags=0x" + Integer.toHexString(flags) + ", domid=" + domid + ", frame="
                + Integer.toUnsignedString(frame) + "}";
    }
}

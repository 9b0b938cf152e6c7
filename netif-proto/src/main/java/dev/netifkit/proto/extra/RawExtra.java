package dev.netifkit.proto.extra;

import dev.netifkit.proto.ExtraType;
import dev.netifkit.proto.Fields;
import io.netty.buffer.ByteBuf;

/**
 * An extra of type NONE (0) or of a type this version does not define (≥ 5): the union read as three u16
 * words. Receiving one is invalid input (TX-7, BK-2); the codec still carries it bit for bit.
 *
 * @param type XEN_NETIF_EXTRA_TYPE_* (u8)
 * @param flags XEN_NETIF_EXTRA_FLAG_* (u8)
 * @param pad0 {@code u.pad[0]} (u16)
 * @param pad1 {@code u.pad[1]} (u16)
 * @param pad2 {@code u.pad[2]} (u16)
 */
public record RawExtra(int type, int flags, int pad0, int pad1, int pad2) implements ExtraInfo {
    /**
     * Checks that every field fits its width.
     */
    public RawExtra {
        Fields.check("netif_extra_info.type", type, 0, 0xFF);
        Fields.check("netif_extra_info.flags", flags, 0, 0xFF);
        Fields.check("netif_extra_info.u.pad[0]", pad0, 0, 0xFFFF);
        Fields.check("netif_extra_info.u.pad[1]", pad1, 0, 0xFFFF);
        Fields.check("netif_extra_info.u.pad[2]", pad2, 0, 0xFFFF);
    }

    @Override
    public void encode(ByteBuf buffer, int at) {
        new ExtraInfoFlyweight().wrap(buffer, at).type(type).flags(flags).pad(0, pad0).pad(1, pad1).pad(2, pad2);
    }

    @Override
    public String toString() {
        return "RawExtra[type=" + ExtraType.nameOf(type) + ", flags=" + flags + ", pad=[" + pad0 + ", " + pad1 + ", "
                + pad2 + "]]";
    }
}

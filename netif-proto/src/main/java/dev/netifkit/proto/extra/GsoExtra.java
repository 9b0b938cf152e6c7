package dev.netifkit.proto.extra;

import dev.netifkit.proto.ExtraType;
import dev.netifkit.proto.Fields;
import dev.netifkit.proto.GsoType;
import io.netty.buffer.ByteBuf;

/**
 * A GSO extra (type 1): segmentation metadata of a packet (TX-7, RX-3).
 *
 * @param flags XEN_NETIF_EXTRA_FLAG_* (u8)
 * @param size the maximum segment size (u16); 0 is invalid input (BK-8)
 * @param gsoType XEN_NETIF_GSO_TYPE_* (u8)
 * @param pad the pad byte (u8); 0 from a conforming sender
 * @param features XEN_NETIF_GSO_FEAT_* (u16); 0 from a conforming sender
 */
public record GsoExtra(int flags, int size, int gsoType, int pad, int features) implements ExtraInfo {
    /**
     * Checks that every field fits its width.
     */
    public GsoExtra {
        Fields.check("netif_extra_info.flags", flags, 0, 0xFF);
        Fields.check("netif_extra_info.u.gso.size", size, 0, 0xFFFF);
        Fields.check("netif_extra_info.u.gso.type", gsoType, 0, 0xFF);
        Fields.check("netif_extra_info.u.gso.pad", pad, 0, 0xFF);
        Fields.check("netif_extra_info.u.gso.features", features, 0, 0xFFFF);
    }

    /**
     * A GSO extra as a conforming sender writes it.
     *
     * @param size the segment size
     * @param type TCPV4 or TCPV6
     * @param more whether another extra follows
     * @return the extra
     */
    public static GsoExtra of(int size, GsoType type, boolean more) {
        return new GsoExtra(more ? 1 : 0, size, type.code(), 0, 0);
    }

    @Override
    public int type() {
        return ExtraType.GSO.code();
    }

    @Override
    public void encode(ByteBuf buffer, int at) {
        new ExtraInfoFlyweight().wrap(buffer, at).type(type()).flags(flags)
                .gsoSize(size).gsoType(gsoType).gsoPad(pad).gsoFeatures(features);
    }

    @Override
    public String toString() {
        return "GsoExtra[flags=" + flags + ", size=" + size + ", type=" + GsoType.nameOf(gsoType) + ", pad=" + pad
                + ", features=" + features + "]";
    }
}

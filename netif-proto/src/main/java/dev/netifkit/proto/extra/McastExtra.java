package dev.netifkit.proto.extra;

import dev.netifkit.proto.ExtraType;
import dev.netifkit.proto.Fields;
import dev.netifkit.proto.MacAddress;
import io.netty.buffer.ByteBuf;

/**
 * A MCAST_ADD (type 2) or MCAST_DEL (type 3) extra: amends the backend's multicast filter (TX-8, BK-10).
 *
 * @param type 2 or 3
 * @param flags XEN_NETIF_EXTRA_FLAG_* (u8)
 * @param addr the multicast address
 */
public record McastExtra(int type, int flags, MacAddress addr) implements ExtraInfo {
    /**
     * Checks the type is a multicast one and the flags fit.
     */
    public McastExtra {
        if (type != ExtraType.MCAST_ADD.code() && type != ExtraType.MCAST_DEL.code()) {
            throw new IllegalArgumentException("multicast extra type " + type + " (expected 2 or 3)");
        }
        Fields.check("netif_extra_info.flags", flags, 0, 0xFF);
        if (addr == null) {
            throw new IllegalArgumentException("multicast extra address is null");
        }
    }

    /**
     * @param addr the address to add
     * @param more whether another extra follows
     * @return an MCAST_ADD extra
     */
    public static McastExtra add(MacAddress addr, boolean more) {
        return new McastExtra(ExtraType.MCAST_ADD.code(), more ? 1 : 0, addr);
    }

    /**
     * @param addr the address to remove
     * @param more whether another extra follows
     * @return an MCAST_DEL extra
     */
    public static McastExtra del(MacAddress addr, boolean more) {
        return new McastExtra(ExtraType.MCAST_DEL.code(), more ? 1 : 0, addr);
    }

    @Override
    public void encode(ByteBuf buffer, int at) {
        new ExtraInfoFlyweight().wrap(buffer, at).type(type).flags(flags).mcastAddr(addr.bits());
    }

    @Override
    public String toString() {
        return "McastExtra[" + ExtraType.nameOf(type) + ", flags=" + flags + ", addr=" + addr + "]";
    }
}

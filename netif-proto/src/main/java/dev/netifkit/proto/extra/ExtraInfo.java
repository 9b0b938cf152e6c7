package dev.netifkit.proto.extra;

import dev.netifkit.proto.ExtraType;
import dev.netifkit.proto.MacAddress;
import dev.netifkit.proto.NetifConstants;
import io.netty.buffer.ByteBuf;

/**
 * Immutable value of a {@code netif_extra_info}: one of {@link GsoExtra}, {@link McastExtra}, {@link HashExtra},
 * or {@link RawExtra} for type NONE and every type this version does not know (the union read as three u16).
 *
 * <p>Decoding picks the record by the type byte and carries every bit of the 8 bytes; encoding writes them back
 * unchanged, through {@link ExtraInfoFlyweight}.
 */
public sealed interface ExtraInfo permits GsoExtra, McastExtra, HashExtra, RawExtra {

    /** @return XEN_NETIF_EXTRA_TYPE_*, 0..255 */
    int type();

    /** @return XEN_NETIF_EXTRA_FLAG_*, 0..255 */
    int flags();

    /** @return true if XEN_NETIF_EXTRA_FLAG_MORE is set: another extra slot follows */
    default boolean more() {
        return (flags() & NetifConstants.EXTRA_FLAG_MORE) != 0;
    }

    /**
     * Writes this value (8 bytes).
     *
     * @param buffer the buffer
     * @param at the first byte
     */
    void encode(ByteBuf buffer, int at);

    /**
     * Reads one from a buffer, choosing the union view by the type byte.
     *
     * @param buffer the buffer
     * @param at the first byte
     * @return the value
     */
    static ExtraInfo decode(ByteBuf buffer, int at) {
        ExtraInfoFlyweight f = new ExtraInfoFlyweight().wrap(buffer, at);
        int type = f.type();
        switch (ExtraType.fromCode(type)) {
            case GSO:
                return new GsoExtra(f.flags(), f.gsoSize(), f.gsoType(), f.gsoPad(), f.gsoFeatures());
            case MCAST_ADD:
            case MCAST_DEL:
                return new McastExtra(type, f.flags(), new MacAddress(f.mcastAddr()));
            case HASH:
                return new HashExtra(f.flags(), f.hashType(), f.hashAlgorithm(), f.hashValue());
            default:
                return new RawExtra(type, f.flags(), f.pad(0), f.pad(1), f.pad(2));
        }
    }
}

package dev.netifkit.proto.extra;

import dev.netifkit.proto.ExtraType;
import dev.netifkit.proto.Fields;
import dev.netifkit.proto.HashAlgorithm;
import io.netty.buffer.ByteBuf;

/**
 * A HASH extra (type 4): the packet's hash (RX-3). The type field is the hash type's bit number, not its mask.
 *
 * @param flags XEN_NETIF_EXTRA_FLAG_* (u8)
 * @param hashType the hash type's bit number (u8): IPV4 0, IPV4_TCP 1, IPV6 2, IPV6_TCP 3
 * @param algorithm XEN_NETIF_CTRL_HASH_ALGORITHM_* (u8)
 * @param value the 32-bit hash (value[4], little-endian)
 */
public record HashExtra(int flags, int hashType, int algorithm, int value) implements ExtraInfo {
    /**
     * Checks that every narrow field fits its width.
     */
    public HashExtra {
        Fields.check("netif_extra_info.flags", flags, 0, 0xFF);
        Fields.check("netif_extra_info.u.hash.type", hashType, 0, 0xFF);
        Fields.check("netif_extra_info.u.hash.algorithm", algorithm, 0, 0xFF);
    }

    @Override
    public int type() {
        return ExtraType.HASH.code();
    }

    @Override
    public void encode(ByteBuf buffer, int at) {
        new ExtraInfoFlyweight().wrap(buffer, at).type(type()).flags(flags)
                .hashType(hashType).hashAlgorithm(algorithm).hashValue(value);
    }

    @Override
    public String toString() {
        return "HashExtra[flags=" + flags + ", type=" + hashType + ", algorithm=" + HashAlgorithm.nameOf(algorithm)
                + ", value=0x" + Integer.toHexString(value) + "]";
    }
}

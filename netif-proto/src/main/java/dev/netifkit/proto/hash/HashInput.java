package dev.netifkit.proto.hash;

import dev.netifkit.proto.HashType;
import io.netty.buffer.ByteBuf;

/**
 * Builds the Toeplitz input of netif.h's hash types from a packet (CTRL-4) and picks the maximal applicable type
 * (CTRL-3). Reads only within the given range: a short or malformed packet yields "no hash", never an exception.
 *
 * <ul>
 *   <li>IPV4: source and destination address (8 bytes);</li>
 *   <li>IPV4_TCP: those, then source and destination port (12 bytes);</li>
 *   <li>IPV6: source and destination address (32 bytes);</li>
 *   <li>IPV6_TCP: those, then source and destination port (36 bytes).</li>
 * </ul>
 */
public final class HashInput {
    /** Ethernet header length. */
    public static final int ETH_HLEN = 14;
    /** Ethertype of IPv4. */
    public static final int ETH_P_IP = 0x0800;
    /** Ethertype of IPv6. */
    public static final int ETH_P_IPV6 = 0x86DD;
    /** IP protocol number of TCP. */
    public static final int IPPROTO_TCP = 6;

    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV4_SRC_OFFSET = 12;
    private static final int IPV6_HEADER = 40;
    private static final int IPV6_NEXT_HEADER_OFFSET = 6;
    private static final int IPV6_SRC_OFFSET = 8;
    private static final int PORTS_LENGTH = 4;

    private HashInput() {
    }

    /**
     * Offset of the IP header of an Ethernet frame carrying IPv4 or IPv6 (no VLAN tag).
     *
     * @param frame the frame
     * @param offset its first byte
     * @param length its length
     * @return the IP header's offset, or -1 if the frame does not carry IP
     */
    public static int ipOffset(ByteBuf frame, int offset, int length) {
        if (length < ETH_HLEN) {
            return -1;
        }
        int ethertype = frame.getUnsignedShort(offset + 12); // network byte order
        return ethertype == ETH_P_IP || ethertype == ETH_P_IPV6 ? offset + ETH_HLEN : -1;
    }

    /**
     * The largest enabled hash type that applies to an IP packet: the TCP type for an unfragmented TCP packet when
     * it is enabled, else the address-only type when enabled, else none.
     *
     * @param ip the buffer
     * @param offset the IP header's first byte
     * @param length bytes from the IP header to the end of the packet
     * @param enabledMask the hash types set with SET_HASH_FLAGS
     * @return the type, or null if none applies
     */
    public static HashType maximalType(ByteBuf ip, int offset, int length, int enabledMask) {
        if (length < 1) {
            return null;
        }
        int version = ip.getUnsignedByte(offset) >>> 4;
        if (version == 4 && length >= IPV4_MIN_HEADER) {
            int ihl = (ip.getUnsignedByte(offset) & 0xF) * 4;
            int fragment = ip.getUnsignedShort(offset + 6) & 0x3FFF; // MF flag and fragment offset
            boolean tcp = ip.getUnsignedByte(offset + 9) == IPPROTO_TCP && fragment == 0
                    && ihl >= IPV4_MIN_HEADER && length >= ihl + PORTS_LENGTH;
            if (tcp && (enabledMask & HashType.IPV4_TCP.mask()) != 0) {
                return HashType.IPV4_TCP;
            }
            return (enabledMask & HashType.IPV4.mask()) != 0 ? HashType.IPV4 : null;
        }
        if (version == 6 && length >= IPV6_HEADER) {
            boolean tcp = ip.getUnsignedByte(offset + IPV6_NEXT_HEADER_OFFSET) == IPPROTO_TCP
                    && length >= IPV6_HEADER + PORTS_LENGTH;
            if (tcp && (enabledMask & HashType.IPV6_TCP.mask()) != 0) {
                return HashType.IPV6_TCP;
            }
            return (enabledMask & HashType.IPV6.mask()) != 0 ? HashType.IPV6 : null;
        }
        return null;
    }

    /**
     * Writes the hash input of a type into {@code out}. The ports are taken from the transport header that follows
     * the IP header (IPv4: after IHL × 4 bytes; IPv6: after the fixed 40 bytes), whatever the transport protocol:
     * whether the TCP type applies is {@link #maximalType}'s decision.
     *
     * @param type the hash type
     * @param ip the buffer
     * @param offset the IP header's first byte
     * @param length bytes from the IP header to the end of the packet
     * @param out at least {@link HashType#MAX_INPUT_LENGTH} bytes
     * @return the input length, or -1 if the packet is too short or not of the type's IP version
     */
    public static int build(HashType type, ByteBuf ip, int offset, int length, byte[] out) {
        if (length < 1) {
            return -1;
        }
        int version = ip.getUnsignedByte(offset) >>> 4;
        int addrOffset;
        int addrLength;
        int l4Offset;
        if (type == HashType.IPV4 || type == HashType.IPV4_TCP) {
            int ihl = (ip.getUnsignedByte(offset) & 0xF) * 4;
            if (version != 4 || length < IPV4_MIN_HEADER || ihl < IPV4_MIN_HEADER) {
                return -1;
            }
            addrOffset = IPV4_SRC_OFFSET;
            addrLength = 8;
            l4Offset = ihl;
        } else {
            if (version != 6 || length < IPV6_HEADER) {
                return -1;
            }
            addrOffset = IPV6_SRC_OFFSET;
            addrLength = 32;
            l4Offset = IPV6_HEADER;
        }
        ip.getBytes(offset + addrOffset, out, 0, addrLength);
        if (type == HashType.IPV4 || type == HashType.IPV6) {
            return addrLength;
        }
        if (length < l4Offset + PORTS_LENGTH) {
            return -1;
        }
        ip.getBytes(offset + l4Offset, out, addrLength, PORTS_LENGTH);
        return addrLength + PORTS_LENGTH;
    }
}

package dev.netifkit.proto;

/**
 * XEN_NETIF_CTRL_HASH_TYPE_* hash types (CTRL-3, CTRL-4).
 *
 * <p>On the control ring a set of types is a mask ({@link #mask()}); in a HASH extra-info slot the type field holds
 * the bit number ({@link #bit()}), not the mask (RX-3).
 */
public enum HashType {
    /** Source and destination IPv4 address (8 bytes of input). */
    IPV4(0, 8),
    /** IPV4 plus TCP source and destination port (12 bytes). */
    IPV4_TCP(1, 12),
    /** Source and destination IPv6 address (32 bytes). */
    IPV6(2, 32),
    /** IPV6 plus TCP source and destination port (36 bytes). */
    IPV6_TCP(3, 36);

    /** Mask of every hash type this version defines (0xF): what GET_HASH_FLAGS reports (BK-18). */
    public static final int ALL_MASK = 0xF;

    /** Largest hash input of any type, in bytes. */
    public static final int MAX_INPUT_LENGTH = 36;

    private static final HashType[] BY_BIT = values();

    private final int bit;
    private final int inputLength;

    HashType(int bit, int inputLength) {
        this.bit = bit;
        this.inputLength = inputLength;
    }

    /**
     * The bit number, as carried in a HASH extra's type field.
     *
     * @return 0..3
     */
    public int bit() {
        return bit;
    }

    /**
     * The mask, as carried in SET/GET_HASH_FLAGS.
     *
     * @return {@code 1 << bit()}
     */
    public int mask() {
        return 1 << bit;
    }

    /**
     * Bytes of hash input this type hashes.
     *
     * @return 8, 12, 32 or 36
     */
    public int inputLength() {
        return inputLength;
    }

    /**
     * Checked lookup by bit number; never throws.
     *
     * @param bit a HASH extra's type field
     * @return the type, or null for an unknown bit number (BK-8 says: ignore it)
     */
    public static HashType fromBit(int bit) {
        return bit >= 0 && bit < BY_BIT.length ? BY_BIT[bit] : null;
    }

    /**
     * Looks a type up by name, case-insensitively ({@code ipv4_tcp}).
     *
     * @param name the name
     * @return the type
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static HashType parse(String name) {
        for (HashType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown hash type '" + name + "' (expected ipv4, ipv4_tcp, ipv6 or ipv6_tcp)");
    }
}

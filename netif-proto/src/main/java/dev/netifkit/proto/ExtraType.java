package dev.netifkit.proto;

/**
 * XEN_NETIF_EXTRA_TYPE_* values of {@code netif_extra_info.type} (TX-7, RX-3).
 *
 * <p>{@link #UNKNOWN} stands for any code this version does not define (a newer or hostile peer may send it).
 */
public enum ExtraType {
    /** XEN_NETIF_EXTRA_TYPE_NONE: never valid in a slot (TX-7). */
    NONE(0),
    /** XEN_NETIF_EXTRA_TYPE_GSO: generic segmentation offload metadata. */
    GSO(1),
    /** XEN_NETIF_EXTRA_TYPE_MCAST_ADD: add a multicast address to the backend's filter (TX-8). */
    MCAST_ADD(2),
    /** XEN_NETIF_EXTRA_TYPE_MCAST_DEL: remove a multicast address from the filter (TX-8). */
    MCAST_DEL(3),
    /** XEN_NETIF_EXTRA_TYPE_HASH: the packet's hash value and type. */
    HASH(4),
    /** Any code not defined above. */
    UNKNOWN(-1);

    private static final ExtraType[] BY_CODE;

    static {
        int max = 0;
        for (ExtraType v : values()) {
            max = Math.max(max, v.code);
        }
        BY_CODE = new ExtraType[max + 1];
        for (ExtraType v : values()) {
            if (v.code >= 0) {
                BY_CODE[v.code] = v;
            }
        }
    }

    private final int code;

    ExtraType(int code) {
        this.code = code;
    }

    /**
     * The wire code.
     *
     * @return the code, or -1 for {@link #UNKNOWN}
     */
    public int code() {
        return code;
    }

    /**
     * Checked lookup of a wire code; never throws.
     *
     * @param code the value read from the wire
     * @return the constant, or {@link #UNKNOWN}
     */
    public static ExtraType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : UNKNOWN;
    }

    /**
     * Looks a constant up by its name, case-insensitively (for scenario files and the CLI).
     *
     * @param name e.g. {@code gso}
     * @return the constant
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static ExtraType parse(String name) {
        for (ExtraType v : values()) {
            if (v != UNKNOWN && v.name().equalsIgnoreCase(name)) {
                return v;
            }
        }
        StringBuilder accepted = new StringBuilder();
        for (ExtraType v : values()) {
            if (v != UNKNOWN) {
                accepted.append(accepted.length() == 0 ? "" : ", ").append(v.name());
            }
        }
        throw new IllegalArgumentException("unknown ExtraType '" + name + "' (expected one of " + accepted + ")");
    }

    /**
     * Names a wire code for tables and messages.
     *
     * @param code the value read from the wire
     * @return the constant's name, or {@code UNKNOWN(code)}
     */
    public static String nameOf(int code) {
        ExtraType v = fromCode(code);
        return v == UNKNOWN ? "UNKNOWN(" + Integer.toUnsignedString(code) + ")" : v.name();
    }
}

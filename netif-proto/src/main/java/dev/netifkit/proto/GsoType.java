package dev.netifkit.proto;

/**
 * XEN_NETIF_GSO_TYPE_* values of the GSO extra's {@code type} field (TX-7).
 *
 * <p>{@link #UNKNOWN} stands for any code this version does not define (a newer or hostile peer may send it).
 */
public enum GsoType {
    /** XEN_NETIF_GSO_TYPE_NONE: no segmentation. */
    NONE(0),
    /** XEN_NETIF_GSO_TYPE_TCPV4: TCP over IPv4. */
    TCPV4(1),
    /** XEN_NETIF_GSO_TYPE_TCPV6: TCP over IPv6. */
    TCPV6(2),
    /** Any code not defined above. */
    UNKNOWN(-1);

    private static final GsoType[] BY_CODE;

    static {
        int max = 0;
        for (GsoType v : values()) {
            max = Math.max(max, v.code);
        }
        BY_CODE = new GsoType[max + 1];
        for (GsoType v : values()) {
            if (v.code >= 0) {
                BY_CODE[v.code] = v;
            }
        }
    }

    private final int code;

    GsoType(int code) {
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
    public static GsoType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : UNKNOWN;
    }

    /**
     * Looks a constant up by its name, case-insensitively (for scenario files and the CLI).
     *
     * @param name e.g. {@code tcpv4}
     * @return the constant
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static GsoType parse(String name) {
        for (GsoType v : values()) {
            if (v != UNKNOWN && v.name().equalsIgnoreCase(name)) {
                return v;
            }
        }
        StringBuilder accepted = new StringBuilder();
        for (GsoType v : values()) {
            if (v != UNKNOWN) {
                accepted.append(accepted.length() == 0 ? "" : ", ").append(v.name());
            }
        }
        throw new IllegalArgumentException("unknown GsoType '" + name + "' (expected one of " + accepted + ")");
    }

    /**
     * Names a wire code for tables and messages.
     *
     * @param code the value read from the wire
     * @return the constant's name, or {@code UNKNOWN(code)}
     */
    public static String nameOf(int code) {
        GsoType v = fromCode(code);
        return v == UNKNOWN ? "UNKNOWN(" + Integer.toUnsignedString(code) + ")" : v.name();
    }
}

package dev.netifkit.proto;

/**
 * XEN_NETIF_CTRL_TYPE_* message types of the control ring (CTRL-2).
 *
 * <p>{@link #UNKNOWN} stands for any code this version does not define (a newer or hostile peer may send it).
 */
public enum CtrlType {
    /** Never valid; answered NOT_SUPPORTED (CTRL-2). */
    INVALID(0),
    /** Which hash types the backend supports (BK-18). */
    GET_HASH_FLAGS(1),
    /** Which hash types to compute (BK-18). */
    SET_HASH_FLAGS(2),
    /** The Toeplitz key, from a granted page (BK-19). */
    SET_HASH_KEY(3),
    /** The largest hash-to-queue mapping table (BK-20). */
    GET_HASH_MAPPING_SIZE(4),
    /** The size of the mapping table; zeroes it (BK-20). */
    SET_HASH_MAPPING_SIZE(5),
    /** A piece of the mapping table, from a granted page (BK-20). */
    SET_HASH_MAPPING(6),
    /** NONE or TOEPLITZ (BK-18). */
    SET_HASH_ALGORITHM(7),
    /** Staging grants: the capacity of a queue's gref mapping table (SG-2). */
    GET_GREF_MAPPING_SIZE(8),
    /** Staging grants: map a list of grefs persistently, all or nothing (SG-3). */
    ADD_GREF_MAPPING(9),
    /** Staging grants: unmap a list of grefs, per-entry status (SG-4). */
    DEL_GREF_MAPPING(10),
    /** Any code not defined above. */
    UNKNOWN(-1);

    private static final CtrlType[] BY_CODE;

    static {
        int max = 0;
        for (CtrlType v : values()) {
            max = Math.max(max, v.code);
        }
        BY_CODE = new CtrlType[max + 1];
        for (CtrlType v : values()) {
            if (v.code >= 0) {
                BY_CODE[v.code] = v;
            }
        }
    }

    private final int code;

    CtrlType(int code) {
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
    public static CtrlType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : UNKNOWN;
    }

    /**
     * Looks a constant up by its name, case-insensitively (for scenario files and the CLI).
     *
     * @param name e.g. {@code set_hash_key}
     * @return the constant
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static CtrlType parse(String name) {
        for (CtrlType v : values()) {
            if (v != UNKNOWN && v.name().equalsIgnoreCase(name)) {
                return v;
            }
        }
        StringBuilder accepted = new StringBuilder();
        for (CtrlType v : values()) {
            if (v != UNKNOWN) {
                accepted.append(accepted.length() == 0 ? "" : ", ").append(v.name());
            }
        }
        throw new IllegalArgumentException("unknown CtrlType '" + name + "' (expected one of " + accepted + ")");
    }

    /**
     * Names a wire code for tables and messages.
     *
     * @param code the value read from the wire
     * @return the constant's name, or {@code UNKNOWN(code)}
     */
    public static String nameOf(int code) {
        CtrlType v = fromCode(code);
        return v == UNKNOWN ? "UNKNOWN(" + Integer.toUnsignedString(code) + ")" : v.name();
    }
}

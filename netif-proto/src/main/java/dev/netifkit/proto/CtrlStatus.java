package dev.netifkit.proto;

/**
 * XEN_NETIF_CTRL_STATUS_* values of a control response's {@code status} (CTRL-2).
 *
 * <p>{@link #UNKNOWN} stands for any code this version does not define (a newer or hostile peer may send it).
 */
public enum CtrlStatus {
    /** The request took effect. */
    SUCCESS(0),
    /** The type is unknown or not offered. */
    NOT_SUPPORTED(1),
    /** A parameter is out of range; nothing changed. */
    INVALID_PARAMETER(2),
    /** A buffer (the hash key) is too long. */
    BUFFER_OVERFLOW(3),
    /** Any code not defined above. */
    UNKNOWN(-1);

    private static final CtrlStatus[] BY_CODE;

    static {
        int max = 0;
        for (CtrlStatus v : values()) {
            max = Math.max(max, v.code);
        }
        BY_CODE = new CtrlStatus[max + 1];
        for (CtrlStatus v : values()) {
            if (v.code >= 0) {
                BY_CODE[v.code] = v;
            }
        }
    }

    private final int code;

    CtrlStatus(int code) {
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
    public static CtrlStatus fromCode(int code) {
        return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : UNKNOWN;
    }

    /**
     * Looks a constant up by its name, case-insensitively (for scenario files and the CLI).
     *
     * @param name e.g. {@code invalid_parameter}
     * @return the constant
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static CtrlStatus parse(String name) {
        for (CtrlStatus v : values()) {
            if (v != UNKNOWN && v.name().equalsIgnoreCase(name)) {
                return v;
            }
        }
        StringBuilder accepted = new StringBuilder();
        for (CtrlStatus v : values()) {
            if (v != UNKNOWN) {
                accepted.append(accepted.length() == 0 ? "" : ", ").append(v.name());
            }
        }
        throw new IllegalArgumentException("unknown CtrlStatus '" + name + "' (expected one of " + accepted + ")");
    }

    /**
     * Names a wire code for tables and messages.
     *
     * @param code the value read from the wire
     * @return the constant's name, or {@code UNKNOWN(code)}
     */
    public static String nameOf(int code) {
        CtrlStatus v = fromCode(code);
        return v == UNKNOWN ? "UNKNOWN(" + Integer.toUnsignedString(code) + ")" : v.name();
    }
}

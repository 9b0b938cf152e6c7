package dev.netifkit.proto;

/**
 * XEN_NETIF_CTRL_HASH_ALGORITHM_* values (CTRL-3).
 *
 * <p>{@link #UNKNOWN} stands for any code this version does not define (a newer or hostile peer may send it).
 */
public enum HashAlgorithm {
    /** No hashing. */
    NONE(0),
    /** The Toeplitz hash as netif.h defines it (CTRL-4). */
    TOEPLITZ(1),
    /** Any code not defined above. */
    UNKNOWN(-1);

    private static final HashAlgorithm[] BY_CODE;

    static {
        int max = 0;
        for (HashAlgorithm v : values()) {
            max = Math.max(max, v.code);
        }
        BY_CODE = new HashAlgorithm[max + 1];
        for (HashAlgorithm v : values()) {
            if (v.code >= 0) {
                BY_CODE[v.code] = v;
            }
        }
    }

    private final int code;

    HashAlgorithm(int code) {
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
    public static HashAlgorithm fromCode(int code) {
        return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : UNKNOWN;
    }

    /**
     * Looks a constant up by its name, case-insensitively (for scenario files and the CLI).
     *
     * @param name e.g. {@code toeplitz}
     * @return the constant
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static HashAlgorithm parse(String name) {
        for (HashAlgorithm v : values()) {
            if (v != UNKNOWN && v.name().equalsIgnoreCase(name)) {
                return v;
            }
        }
        StringBuilder accepted = new StringBuilder();
        for (HashAlgorithm v : values()) {
            if (v != UNKNOWN) {
                accepted.append(accepted.length() == 0 ? "" : ", ").append(v.name());
            }
        }
        throw new IllegalArgumentException("unknown HashAlgorithm '" + name + "' (expected one of " + accepted + ")");
    }

    /**
     * Names a wire code for tables and messages.
     *
     * @param code the value read from the wire
     * @return the constant's name, or {@code UNKNOWN(code)}
     */
    public static String nameOf(int code) {
        HashAlgorithm v = fromCode(code);
        return v == UNKNOWN ? "UNKNOWN(" + Integer.toUnsignedString(code) + ")" : v.name();
    }
}

package dev.netifkit.proto;

/**
 * NETIF_RSP_* status values of tx responses (and negative rx response statuses) (TX-3, RX-2).
 */
public final class NetifRsp {
    /** NETIF_RSP_DROPPED: the packet was dropped (unused by the reference backend, BK-11). */
    public static final int DROPPED = -2;
    /** NETIF_RSP_ERROR: the request could not be served. */
    public static final int ERROR = -1;
    /** NETIF_RSP_OKAY: the request was served. */
    public static final int OKAY = 0;
    /** NETIF_RSP_NULL: the response to an extra-info slot; carries no meaningful id. */
    public static final int NULL = 1;

    private NetifRsp() {
    }

    /**
     * Names a tx response status.
     *
     * @param status the s16 status
     * @return {@code OKAY}, {@code ERROR}, {@code DROPPED}, {@code NULL}, or the number
     */
    public static String name(int status) {
        switch (status) {
            case DROPPED:
                return "DROPPED";
            case ERROR:
                return "ERROR";
            case OKAY:
                return "OKAY";
            case NULL:
                return "NULL";
            default:
                return Integer.toString(status);
        }
    }

    /**
     * Parses a status name as {@link #name(int)} prints it, case-insensitively like the other name parsers.
     *
     * @param name a status name
     * @return the status value
     * @throws IllegalArgumentException if the name is not one of the four
     */
    public static int parse(String name) {
        switch (name == null ? "" : name.toUpperCase(java.util.Locale.ROOT)) {
            case "DROPPED":
                return DROPPED;
            case "ERROR":
                return ERROR;
            case "OKAY":
                return OKAY;
            case "NULL":
                return NULL;
            default:
                throw new IllegalArgumentException("unknown netif response status '" + name
                        + "' (expected OKAY, ERROR, DROPPED or NULL)");
        }
    }
}

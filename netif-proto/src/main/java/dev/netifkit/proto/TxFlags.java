package dev.netifkit.proto;

/**
 * NETTXF_* flag bits of {@code netif_tx_request.flags} (TX-1, TX-2).
 */
public final class TxFlags {
    /** NETTXF_csum_blank: the protocol checksum field is blank (partial checksum). */
    public static final int CSUM_BLANK = 1;
    /** NETTXF_data_validated: the packet data has been validated against its checksum. */
    public static final int DATA_VALIDATED = 1 << 1;
    /** NETTXF_more_data: the packet continues in the next request. */
    public static final int MORE_DATA = 1 << 2;
    /** NETTXF_extra_info: extra-info slots follow this (first) request. */
    public static final int EXTRA_INFO = 1 << 3;

    private static final String[] NAMES = {"csum_blank", "data_validated", "more_data", "extra_info"};

    private TxFlags() {
    }

    /**
     * Names the set bits, e.g. {@code csum_blank|more_data}; undefined bits appear as hex, {@code 0} as "-".
     *
     * @param flags the u16 flags field
     * @return a readable rendering for tables and failure messages
     */
    public static String names(int flags) {
        return FlagNames.render(flags, NAMES);
    }

    /**
     * Parses one flag name as {@link #names(int)} prints it.
     *
     * @param name e.g. {@code more_data}
     * @return the bit, or -1 if the name is unknown
     */
    public static int bit(String name) {
        return FlagNames.bit(name, NAMES);
    }
}

package dev.netifkit.proto;

/**
 * NETRXF_* flag bits of {@code netif_rx_response.flags} (RX-2, RX-3, RX-4).
 */
public final class RxFlags {
    /** NETRXF_data_validated: the packet data has been validated against its checksum. */
    public static final int DATA_VALIDATED = 1;
    /** NETRXF_csum_blank: the protocol checksum field is blank (partial checksum). */
    public static final int CSUM_BLANK = 1 << 1;
    /** NETRXF_more_data: the packet continues in the next response. */
    public static final int MORE_DATA = 1 << 2;
    /** NETRXF_extra_info: extra-info slots follow this (first) response. */
    public static final int EXTRA_INFO = 1 << 3;
    /** NETRXF_gso_prefix: deprecated; the GSO metadata precedes the packet in its own slot. */
    public static final int GSO_PREFIX = 1 << 4;

    private static final String[] NAMES = {"data_validated", "csum_blank", "more_data", "extra_info", "gso_prefix"};

    private RxFlags() {
    }

    /**
     * Names the set bits, e.g. {@code data_validated|more_data}; undefined bits appear as hex, {@code 0} as "-".
     *
     * @param flags the u16 flags field
     * @return a readable rendering
     */
    public static String names(int flags) {
        return FlagNames.render(flags, NAMES);
    }

    /**
     * Parses one flag name as {@link #names(int)} prints it.
     *
     * @param name e.g. {@code extra_info}
     * @return the bit, or -1 if the name is unknown
     */
    public static int bit(String name) {
        return FlagNames.bit(name, NAMES);
    }
}

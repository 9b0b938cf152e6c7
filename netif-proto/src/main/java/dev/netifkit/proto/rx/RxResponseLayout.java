package dev.netifkit.proto.rx;

/**
 * Layout of {@code netif_rx_response} (8 bytes) from netif.h, little-endian (RX-2).
 *
 * <pre>
 *      0     1     2     3     4     5     6     7 octet
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 *     | id        | offset    | flags     | status    |
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 * </pre>
 *
 * A guest-receive response (RX-2): status is the number of bytes in this slot (&gt; 0) or a negative
 * NETIF_RSP_*.
 */
public final class RxResponseLayout {
    /** Offset of {@code id} (u16): the id of the request consumed for it. */
    public static final int ID_OFFSET = 0;
    /** Offset of {@code offset} (u16): where the data starts in the page. */
    public static final int OFFSET_OFFSET = ID_OFFSET + Short.BYTES;
    /** Offset of {@code flags} (u16): NETRXF_* flags (see {@link dev.netifkit.proto.RxFlags}). */
    public static final int FLAGS_OFFSET = OFFSET_OFFSET + Short.BYTES;
    /** Offset of {@code status} (s16): bytes in this slot, or a negative NETIF_RSP_*. */
    public static final int STATUS_OFFSET = FLAGS_OFFSET + Short.BYTES;
    /** Length of the structure in bytes. */
    public static final int LENGTH = STATUS_OFFSET + Short.BYTES;

    private RxResponseLayout() {
    }
}

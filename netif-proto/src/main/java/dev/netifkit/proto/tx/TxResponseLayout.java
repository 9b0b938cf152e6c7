package dev.netifkit.proto.tx;

/**
 * Layout of {@code netif_tx_response} (4 bytes) from netif.h, little-endian (TX-3).
 *
 * <pre>
 *      0     1     2     3 octet
 *     +-----+-----+-----+-----+
 *     | id        | status    |
 *     +-----+-----+-----+-----+
 * </pre>
 *
 * A guest-transmit response (TX-3). It occupies the first 4 bytes of a 12-byte tx ring slot.
 */
public final class TxResponseLayout {
    /** Offset of {@code id} (u16): the id of the request answered (meaningless when status is NETIF_RSP_NULL). */
    public static final int ID_OFFSET = 0;
    /** Offset of {@code status} (s16): NETIF_RSP_* (see {@link dev.netifkit.proto.NetifRsp}). */
    public static final int STATUS_OFFSET = ID_OFFSET + Short.BYTES;
    /** Length of the structure in bytes. */
    public static final int LENGTH = STATUS_OFFSET + Short.BYTES;

    private TxResponseLayout() {
    }
}

package dev.netifkit.proto.tx;

/**
 * Layout of {@code netif_tx_request} (12 bytes) from netif.h, little-endian (TX-1).
 *
 * <pre>
 *      0     1     2     3     4     5     6     7 octet
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 *     | grant ref             | offset    | flags     |
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 *     | id        | size      |
 *     +-----+-----+-----+-----+
 * </pre>
 *
 * A guest-transmit request: one slot of a packet (TX-1). In the first request of a packet {@code size} is the
 * packet's total size; in later ones, that request's own size.
 */
public final class TxRequestLayout {
    /** Offset of {@code gref} (u32): grant reference of the page holding this slot's data. */
    public static final int GREF_OFFSET = 0;
    /** Offset of {@code offset} (u16): offset of the data within the granted page. */
    public static final int OFFSET_OFFSET = GREF_OFFSET + Integer.BYTES;
    /** Offset of {@code flags} (u16): NETTXF_* flags (see {@link dev.netifkit.proto.TxFlags}). */
    public static final int FLAGS_OFFSET = OFFSET_OFFSET + Short.BYTES;
    /** Offset of {@code id} (u16): echoed in the response. */
    public static final int ID_OFFSET = FLAGS_OFFSET + Short.BYTES;
    /** Offset of {@code size} (u16): bytes: the total packet size in a first request, this slot's size otherwise. */
    public static final int SIZE_OFFSET = ID_OFFSET + Short.BYTES;
    /** Length of the structure in bytes. */
    public static final int LENGTH = SIZE_OFFSET + Short.BYTES;

    private TxRequestLayout() {
    }
}

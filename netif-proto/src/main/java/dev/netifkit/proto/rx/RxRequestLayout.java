package dev.netifkit.proto.rx;

/**
 * Layout of {@code netif_rx_request} (8 bytes) from netif.h, little-endian (RX-1).
 *
 * <pre>
 *      0     1     2     3     4     5     6     7 octet
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 *     | id        | pad       | gref                  |
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 * </pre>
 *
 * A guest-receive request: one posted buffer, a whole writable granted page (RX-1).
 */
public final class RxRequestLayout {
    /** Offset of {@code id} (u16): echoed in the response. */
    public static final int ID_OFFSET = 0;
    /** Offset of {@code pad} (u16): padding. */
    public static final int PAD_OFFSET = ID_OFFSET + Short.BYTES;
    /** Offset of {@code gref} (u32): grant reference of the posted page. */
    public static final int GREF_OFFSET = PAD_OFFSET + Short.BYTES;
    /** Length of the structure in bytes. */
    public static final int LENGTH = GREF_OFFSET + Integer.BYTES;

    private RxRequestLayout() {
    }
}

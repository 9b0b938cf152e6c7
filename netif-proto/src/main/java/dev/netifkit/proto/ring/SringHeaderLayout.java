package dev.netifkit.proto.ring;

/**
 * Layout of the 64-byte header that starts every shared ring page (ring.h {@code DEFINE_RING_TYPES}, RING-1).
 *
 * <pre>
 *      0     1     2     3     4     5     6     7 octet
 *     +-----------------------+-----------------------+
 *     | req_prod              | req_event             |   0
 *     +-----------------------+-----------------------+
 *     | rsp_prod              | rsp_event             |   8
 *     +-----------------------+-----------------------+
 *     | private (4)           | pad[44] ...           |  16
 *     +-----------------------+                       |
 *     | ...                                           |
 *     +-----------------------------------------------+
 *     | ring[0] ...                                   |  64
 * </pre>
 *
 * All four indices are free-running u32, little-endian (RING-3). netif's rings leave the private bytes unused.
 */
public final class SringHeaderLayout {
    /** Offset of req_prod: the frontend's published request producer. */
    public static final int REQ_PROD_OFFSET = 0;
    /** Offset of req_event: the request index at which the backend wants a notification. */
    public static final int REQ_EVENT_OFFSET = REQ_PROD_OFFSET + Integer.BYTES;
    /** Offset of rsp_prod: the backend's published response producer. */
    public static final int RSP_PROD_OFFSET = REQ_EVENT_OFFSET + Integer.BYTES;
    /** Offset of rsp_event: the response index at which the frontend wants a notification. */
    public static final int RSP_EVENT_OFFSET = RSP_PROD_OFFSET + Integer.BYTES;
    /** Offset of the 4 private bytes (the union {@code pvt} of ring.h). */
    public static final int PRIVATE_OFFSET = RSP_EVENT_OFFSET + Integer.BYTES;
    /** Length of the private bytes. */
    public static final int PRIVATE_LENGTH = 4;
    /** Offset of the padding. */
    public static final int PAD_OFFSET = PRIVATE_OFFSET + PRIVATE_LENGTH;
    /** Length of the padding. */
    public static final int PAD_LENGTH = 44;
    /** Length of the header; slots start here. */
    public static final int LENGTH = PAD_OFFSET + PAD_LENGTH;
    /** Offset of slot 0. */
    public static final int SLOTS_OFFSET = LENGTH;

    private SringHeaderLayout() {
    }
}

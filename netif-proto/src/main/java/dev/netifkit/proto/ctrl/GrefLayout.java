package dev.netifkit.proto.ctrl;

/**
 * Layout of {@code xen_netif_gref} (8 bytes) from netif.h, little-endian (SG-1).
 *
 * <pre>
 *      0     1     2     3     4     5     6     7 octet
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 *     | grant ref             |  flags    |  status   |
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 * </pre>
 *
 * One entry of an ADD/DEL_GREF_MAPPING list (SG-1); a list starts at offset 0 of one granted page.
 */
public final class GrefLayout {
    /** Offset of {@code ref} (u32): the grant reference to map or unmap. */
    public static final int REF_OFFSET = 0;
    /** Offset of {@code flags} (u16): XEN_NETIF_CTRLF_GREF_* (bit 0: read-only). */
    public static final int FLAGS_OFFSET = REF_OFFSET + Integer.BYTES;
    /** Offset of {@code status} (u16): XEN_NETIF_CTRL_STATUS_* per entry, written by the backend on DEL (SG-4). */
    public static final int STATUS_OFFSET = FLAGS_OFFSET + Short.BYTES;
    /** Length of the structure in bytes. */
    public static final int LENGTH = STATUS_OFFSET + Short.BYTES;

    private GrefLayout() {
    }
}

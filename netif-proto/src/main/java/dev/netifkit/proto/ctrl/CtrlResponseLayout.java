package dev.netifkit.proto.ctrl;

/**
 * Layout of {@code xen_netif_ctrl_response} (12 bytes) from netif.h, little-endian (CTRL-1).
 *
 * <pre>
 *      0     1     2     3     4     5     6     7 octet
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 *     | id        | type      | status                |
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 *     | data                  |
 *     +-----+-----+-----+-----+
 * </pre>
 *
 * A control-ring response (CTRL-1): id and type echoed, a status and one u32 of data.
 */
public final class CtrlResponseLayout {
    /** Offset of {@code id} (u16): the id of the request answered. */
    public static final int ID_OFFSET = 0;
    /** Offset of {@code type} (u16): the type of the request answered. */
    public static final int TYPE_OFFSET = ID_OFFSET + Short.BYTES;
    /** Offset of {@code status} (u32): XEN_NETIF_CTRL_STATUS_* (see {@link dev.netifkit.proto.CtrlStatus}). */
    public static final int STATUS_OFFSET = TYPE_OFFSET + Short.BYTES;
    /** Offset of {@code data} (u32): result data; 0 except for the types CTRL-1 lists. */
    public static final int DATA_OFFSET = STATUS_OFFSET + Integer.BYTES;
    /** Length of the structure in bytes. */
    public static final int LENGTH = DATA_OFFSET + Integer.BYTES;

    private CtrlResponseLayout() {
    }
}

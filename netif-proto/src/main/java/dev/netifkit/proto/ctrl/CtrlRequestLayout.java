package dev.netifkit.proto.ctrl;

/**
 * Layout of {@code xen_netif_ctrl_request} (16 bytes) from netif.h, little-endian (CTRL-1).
 *
 * <pre>
 *      0     1     2     3     4     5     6     7 octet
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 *     | id        | type      | data[0]               |
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 *     | data[1]               | data[2]               |
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 * </pre>
 *
 * A control-ring request (CTRL-1): a message type and three u32 arguments.
 */
public final class CtrlRequestLayout {
    /** Offset of {@code id} (u16): echoed in the response. */
    public static final int ID_OFFSET = 0;
    /** Offset of {@code type} (u16): XEN_NETIF_CTRL_TYPE_* (see {@link dev.netifkit.proto.CtrlType}). */
    public static final int TYPE_OFFSET = ID_OFFSET + Short.BYTES;
    /** Offset of {@code data0} (u32): first argument. */
    public static final int DATA0_OFFSET = TYPE_OFFSET + Short.BYTES;
    /** Offset of {@code data1} (u32): second argument. */
    public static final int DATA1_OFFSET = DATA0_OFFSET + Integer.BYTES;
    /** Offset of {@code data2} (u32): third argument. */
    public static final int DATA2_OFFSET = DATA1_OFFSET + Integer.BYTES;
    /** Length of the structure in bytes. */
    public static final int LENGTH = DATA2_OFFSET + Integer.BYTES;

    /** Number of u32 arguments in {@code data}. */
    public static final int DATA_COUNT = 3;

    /**
     * Offset of {@code data[index]}.
     *
     * @param index 0..2
     * @return the argument's offset
     * @throws IllegalArgumentException if index is outside 0..2
     */
    public static int dataOffset(int index) {
        if (index < 0 || index >= DATA_COUNT) {
            throw new IllegalArgumentException("control request data index " + index + " outside 0.." + (DATA_COUNT - 1));
        }
        return DATA0_OFFSET + index * Integer.BYTES;
    }

    private CtrlRequestLayout() {
    }
}

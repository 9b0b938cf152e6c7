package dev.netifkit.proto.ctrl;

import io.netty.buffer.ByteBuf;

/**
 * Flyweight over a {@code xen_netif_ctrl_response} at (buffer, offset): no copy, no allocation; every access little-endian
 * through {@link CtrlResponseLayout}. For the datapath, wrap it over a private copy of a slot (RING-8), never over
 * shared memory a peer may change while it is read.
 */
public final class CtrlResponseFlyweight {
    private ByteBuf buffer;
    private int offset;

    /**
     * Points this flyweight at a structure.
     *
     * @param buffer the buffer holding it
     * @param offset the structure's first byte
     * @return this
     */
    public CtrlResponseFlyweight wrap(ByteBuf buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the wrapped buffer */
    public ByteBuf wrappedBuffer() {
        return buffer;
    }

    /** @return the offset of the wrapped structure */
    public int wrappedOffset() {
        return offset;
    }

    /**
     * The id of the request answered.
     *
     * @return 0..65535
     */
    public int id() {
        return buffer.getUnsignedShortLE(offset + CtrlResponseLayout.ID_OFFSET);
    }

    /**
     * Sets {@code id}: the id of the request answered.
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public CtrlResponseFlyweight id(int value) {
        buffer.setShortLE(offset + CtrlResponseLayout.ID_OFFSET, value);
        return this;
    }

    /**
     * The type of the request answered.
     *
     * @return 0..65535
     */
    public int type() {
        return buffer.getUnsignedShortLE(offset + CtrlResponseLayout.TYPE_OFFSET);
    }

    /**
     * Sets {@code type}: the type of the request answered.
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public CtrlResponseFlyweight type(int value) {
        buffer.setShortLE(offset + CtrlResponseLayout.TYPE_OFFSET, value);
        return this;
    }

    /**
     * XEN_NETIF_CTRL_STATUS_* (see {@link dev.netifkit.proto.CtrlStatus}).
     *
     * @return the u32 value (unsigned: compare with Integer.compareUnsigned)
     */
    public int status() {
        return buffer.getIntLE(offset + CtrlResponseLayout.STATUS_OFFSET);
    }

    /**
     * Sets {@code status}: XEN_NETIF_CTRL_STATUS_* (see {@link dev.netifkit.proto.CtrlStatus}).
     *
     * @param value the value (only the low 32 bits are stored)
     * @return this
     */
    public CtrlResponseFlyweight status(int value) {
        buffer.setIntLE(offset + CtrlResponseLayout.STATUS_OFFSET, value);
        return this;
    }

    /**
     * Result data; 0 except for the types CTRL-1 lists.
     *
     * @return the u32 value (unsigned: compare with Integer.compareUnsigned)
     */
    public int data() {
        return buffer.getIntLE(offset + CtrlResponseLayout.DATA_OFFSET);
    }

    /**
     * Sets {@code data}: result data; 0 except for the types CTRL-1 lists.
     *
     * @param value the value (only the low 32 bits are stored)
     * @return this
     */
    public CtrlResponseFlyweight data(int value) {
        buffer.setIntLE(offset + CtrlResponseLayout.DATA_OFFSET, value);
        return this;
    }
}

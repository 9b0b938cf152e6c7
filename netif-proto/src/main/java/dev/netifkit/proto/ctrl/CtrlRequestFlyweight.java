package dev.netifkit.proto.ctrl;

import io.netty.buffer.ByteBuf;

/**
 * Flyweight over a {@code xen_netif_ctrl_request} at (buffer, offset): no copy, no allocation; every access little-endian
 * through {@link CtrlRequestLayout}. For the datapath, wrap it over a private copy of a slot (RING-8), never over
 * shared memory a peer may change while it is read.
 */
public final class CtrlRequestFlyweight {
    private ByteBuf buffer;
    private int offset;

    /**
     * Points this flyweight at a structure.
     *
     * @param buffer the buffer holding it
     * @param offset the structure's first byte
     * @return this
     */
    public CtrlRequestFlyweight wrap(ByteBuf buffer, int offset) {
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
     * Echoed in the response.
     *
     * @return 0..65535
     */
    public int id() {
        return buffer.getUnsignedShortLE(offset + CtrlRequestLayout.ID_OFFSET);
    }

    /**
     * Sets {@code id}: echoed in the response.
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public CtrlRequestFlyweight id(int value) {
        buffer.setShortLE(offset + CtrlRequestLayout.ID_OFFSET, value);
        return this;
    }

    /**
     * XEN_NETIF_CTRL_TYPE_* (see {@link dev.netifkit.proto.CtrlType}).
     *
     * @return 0..65535
     */
    public int type() {
        return buffer.getUnsignedShortLE(offset + CtrlRequestLayout.TYPE_OFFSET);
    }

    /**
     * Sets {@code type}: XEN_NETIF_CTRL_TYPE_* (see {@link dev.netifkit.proto.CtrlType}).
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public CtrlRequestFlyweight type(int value) {
        buffer.setShortLE(offset + CtrlRequestLayout.TYPE_OFFSET, value);
        return this;
    }

    /**
     * First argument.
     *
     * @return the u32 value (unsigned: compare with Integer.compareUnsigned)
     */
    public int data0() {
        return buffer.getIntLE(offset + CtrlRequestLayout.DATA0_OFFSET);
    }

    /**
     * Sets {@code data0}: first argument.
     *
     * @param value the value (only the low 32 bits are stored)
     * @return this
     */
    public CtrlRequestFlyweight data0(int value) {
        buffer.setIntLE(offset + CtrlRequestLayout.DATA0_OFFSET, value);
        return this;
    }

    /**
     * Second argument.
     *
     * @return the u32 value (unsigned: compare with Integer.compareUnsigned)
     */
    public int data1() {
        return buffer.getIntLE(offset + CtrlRequestLayout.DATA1_OFFSET);
    }

    /**
     * Sets {@code data1}: second argument.
     *
     * @param value the value (only the low 32 bits are stored)
     * @return this
     */
    public CtrlRequestFlyweight data1(int value) {
        buffer.setIntLE(offset + CtrlRequestLayout.DATA1_OFFSET, value);
        return this;
    }

    /**
     * Third argument.
     *
     * @return the u32 value (unsigned: compare with Integer.compareUnsigned)
     */
    public int data2() {
        return buffer.getIntLE(offset + CtrlRequestLayout.DATA2_OFFSET);
    }

    /**
     * Sets {@code data2}: third argument.
     *
     * @param value the value (only the low 32 bits are stored)
     * @return this
     */
    public CtrlRequestFlyweight data2(int value) {
        buffer.setIntLE(offset + CtrlRequestLayout.DATA2_OFFSET, value);
        return this;
    }

    /**
     * Argument {@code data[index]}.
     *
     * @param index 0..2
     * @return the u32 value
     */
    public int data(int index) {
        return buffer.getIntLE(offset + CtrlRequestLayout.dataOffset(index));
    }

    /**
     * Sets argument {@code data[index]}.
     *
     * @param index 0..2
     * @param value the u32 value
     * @return this
     */
    public CtrlRequestFlyweight data(int index, int value) {
        buffer.setIntLE(offset + CtrlRequestLayout.dataOffset(index), value);
        return this;
    }
}

package dev.netifkit.proto.tx;

import io.netty.buffer.ByteBuf;

/**
 * Flyweight over a {@code netif_tx_request} at (buffer, offset): no copy, no allocation; every access little-endian
 * through {@link TxRequestLayout}. For the datapath, wrap it over a private copy of a slot (RING-8), never over
 * shared memory a peer may change while it is read.
 */
public final class TxRequestFlyweight {
    private ByteBuf buffer;
    private int offset;

    /**
     * Points this flyweight at a structure.
     *
     * @param buffer the buffer holding it
     * @param offset the structure's first byte
     * @return this
     */
    public TxRequestFlyweight wrap(ByteBuf buffer, int offset) {
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
     * Grant reference of the page holding this slot's data.
     *
     * @return the u32 value (unsigned: compare with Integer.compareUnsigned)
     */
    public int gref() {
        return buffer.getIntLE(offset + TxRequestLayout.GREF_OFFSET);
    }

    /**
     * Sets {@code gref}: grant reference of the page holding this slot's data.
     *
     * @param value the value (only the low 32 bits are stored)
     * @return this
     */
    public TxRequestFlyweight gref(int value) {
        buffer.setIntLE(offset + TxRequestLayout.GREF_OFFSET, value);
        return this;
    }

    /**
     * Offset of the data within the granted page.
     *
     * @return 0..65535
     */
    public int offset() {
        return buffer.getUnsignedShortLE(offset + TxRequestLayout.OFFSET_OFFSET);
    }

    /**
     * Sets {@code offset}: offset of the data within the granted page.
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public TxRequestFlyweight offset(int value) {
        buffer.setShortLE(offset + TxRequestLayout.OFFSET_OFFSET, value);
        return this;
    }

    /**
     * NETTXF_* flags (see {@link dev.netifkit.proto.TxFlags}).
     *
     * @return 0..65535
     */
    public int flags() {
        return buffer.getUnsignedShortLE(offset + TxRequestLayout.FLAGS_OFFSET);
    }

    /**
     * Sets {@code flags}: NETTXF_* flags (see {@link dev.netifkit.proto.TxFlags}).
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public TxRequestFlyweight flags(int value) {
        buffer.setShortLE(offset + TxRequestLayout.FLAGS_OFFSET, value);
        return this;
    }

    /**
     * Echoed in the response.
     *
     * @return 0..65535
     */
    public int id() {
        return buffer.getUnsignedShortLE(offset + TxRequestLayout.ID_OFFSET);
    }

    /**
     * Sets {@code id}: echoed in the response.
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public TxRequestFlyweight id(int value) {
        buffer.setShortLE(offset + TxRequestLayout.ID_OFFSET, value);
        return this;
    }

    /**
     * Bytes: the total packet size in a first request, this slot's size otherwise.
     *
     * @return 0..65535
     */
    public int size() {
        return buffer.getUnsignedShortLE(offset + TxRequestLayout.SIZE_OFFSET);
    }

    /**
     * Sets {@code size}: bytes: the total packet size in a first request, this slot's size otherwise.
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public TxRequestFlyweight size(int value) {
        buffer.setShortLE(offset + TxRequestLayout.SIZE_OFFSET, value);
        return this;
    }
}

package dev.netifkit.proto.rx;

import io.netty.buffer.ByteBuf;

/**
 * Flyweight over a {@code netif_rx_request} at (buffer, offset): no copy, no allocation; every access little-endian
 * through {@link RxRequestLayout}. For the datapath, wrap it over a private copy of a slot (RING-8), never over
 * shared memory a peer may change while it is read.
 */
public final class RxRequestFlyweight {
    private ByteBuf buffer;
    private int offset;

    /**
     * Points this flyweight at a structure.
     *
     * @param buffer the buffer holding it
     * @param offset the structure's first byte
     * @return this
     */
    public RxRequestFlyweight wrap(ByteBuf buffer, int offset) {
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
        return buffer.getUnsignedShortLE(offset + RxRequestLayout.ID_OFFSET);
    }

    /**
     * Sets {@code id}: echoed in the response.
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public RxRequestFlyweight id(int value) {
        buffer.setShortLE(offset + RxRequestLayout.ID_OFFSET, value);
        return this;
    }

    /**
     * Padding.
     *
     * @return 0..65535
     */
    public int pad() {
        return buffer.getUnsignedShortLE(offset + RxRequestLayout.PAD_OFFSET);
    }

    /**
     * Sets {@code pad}: padding.
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public RxRequestFlyweight pad(int value) {
        buffer.setShortLE(offset + RxRequestLayout.PAD_OFFSET, value);
        return this;
    }

    /**
     * Grant reference of the posted page.
     *
     * @return the u32 value (unsigned: compare with Integer.compareUnsigned)
     */
    public int gref() {
        return buffer.getIntLE(offset + RxRequestLayout.GREF_OFFSET);
    }

    /**
     * Sets {@code gref}: grant reference of the posted page.
     *
     * @param value the value (only the low 32 bits are stored)
     * @return this
     */
    public RxRequestFlyweight gref(int value) {
        buffer.setIntLE(offset + RxRequestLayout.GREF_OFFSET, value);
        return this;
    }
}

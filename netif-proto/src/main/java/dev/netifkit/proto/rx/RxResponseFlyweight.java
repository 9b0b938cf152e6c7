package dev.netifkit.proto.rx;

import io.netty.buffer.ByteBuf;

/**
 * Flyweight over a {@code netif_rx_response} at (buffer, offset): no copy, no allocation; every access little-endian
 * through {@link RxResponseLayout}. For the datapath, wrap it over a private copy of a slot (RING-8), never over
 * shared memory a peer may change while it is read.
 */
public final class RxResponseFlyweight {
    private ByteBuf buffer;
    private int offset;

    /**
     * Points this flyweight at a structure.
     *
     * @param buffer the buffer holding it
     * @param offset the structure's first byte
     * @return this
     */
    public RxResponseFlyweight wrap(ByteBuf buffer, int offset) {
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
     * The id of the request consumed for it.
     *
     * @return 0..65535
     */
    public int id() {
        return buffer.getUnsignedShortLE(offset + RxResponseLayout.ID_OFFSET);
    }

    /**
     * Sets {@code id}: the id of the request consumed for it.
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public RxResponseFlyweight id(int value) {
        buffer.setShortLE(offset + RxResponseLayout.ID_OFFSET, value);
        return this;
    }

    /**
     * Where the data starts in the page.
     *
     * @return 0..65535
     */
    public int offset() {
        return buffer.getUnsignedShortLE(offset + RxResponseLayout.OFFSET_OFFSET);
    }

    /**
     * Sets {@code offset}: where the data starts in the page.
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public RxResponseFlyweight offset(int value) {
        buffer.setShortLE(offset + RxResponseLayout.OFFSET_OFFSET, value);
        return this;
    }

    /**
     * NETRXF_* flags (see {@link dev.netifkit.proto.RxFlags}).
     *
     * @return 0..65535
     */
    public int flags() {
        return buffer.getUnsignedShortLE(offset + RxResponseLayout.FLAGS_OFFSET);
    }

    /**
     * Sets {@code flags}: NETRXF_* flags (see {@link dev.netifkit.proto.RxFlags}).
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public RxResponseFlyweight flags(int value) {
        buffer.setShortLE(offset + RxResponseLayout.FLAGS_OFFSET, value);
        return this;
    }

    /**
     * Bytes in this slot, or a negative NETIF_RSP_*.
     *
     * @return the signed value
     */
    public int status() {
        return buffer.getShortLE(offset + RxResponseLayout.STATUS_OFFSET);
    }

    /**
     * Sets {@code status}: bytes in this slot, or a negative NETIF_RSP_*.
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public RxResponseFlyweight status(int value) {
        buffer.setShortLE(offset + RxResponseLayout.STATUS_OFFSET, value);
        return this;
    }
}

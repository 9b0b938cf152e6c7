package dev.netifkit.proto.tx;

import io.netty.buffer.ByteBuf;

/**
 * Flyweight over a {@code netif_tx_response} at (buffer, offset): no copy, no allocation; every access little-endian
 * through {@link TxResponseLayout}. For the datapath, wrap it over a private copy of a slot (RING-8), never over
 * shared memory a peer may change while it is read.
 */
public final class TxResponseFlyweight {
    private ByteBuf buffer;
    private int offset;

    /**
     * Points this flyweight at a structure.
     *
     * @param buffer the buffer holding it
     * @param offset the structure's first byte
     * @return this
     */
    public TxResponseFlyweight wrap(ByteBuf buffer, int offset) {
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
     * The id of the request answered (meaningless when status is NETIF_RSP_NULL).
     *
     * @return 0..65535
     */
    public int id() {
        return buffer.getUnsignedShortLE(offset + TxResponseLayout.ID_OFFSET);
    }

    /**
     * Sets {@code id}: the id of the request answered (meaningless when status is NETIF_RSP_NULL).
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public TxResponseFlyweight id(int value) {
        buffer.setShortLE(offset + TxResponseLayout.ID_OFFSET, value);
        return this;
    }

    /**
     * NETIF_RSP_* (see {@link dev.netifkit.proto.NetifRsp}).
     *
     * @return the signed value
     */
    public int status() {
        return buffer.getShortLE(offset + TxResponseLayout.STATUS_OFFSET);
    }

    /**
     * Sets {@code status}: NETIF_RSP_* (see {@link dev.netifkit.proto.NetifRsp}).
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public TxResponseFlyweight status(int value) {
        buffer.setShortLE(offset + TxResponseLayout.STATUS_OFFSET, value);
        return this;
    }
}

package dev.netifkit.proto.ctrl;

import io.netty.buffer.ByteBuf;

/**
 * Flyweight over a {@code xen_netif_gref} at (buffer, offset): no copy, no allocation; every access little-endian
 * through {@link GrefLayout}. For the datapath, wrap it over a private copy of a slot (RING-8), never over
 * shared memory a peer may change while it is read.
 */
public final class GrefFlyweight {
    private ByteBuf buffer;
    private int offset;

    /**
     * Points this flyweight at a structure.
     *
     * @param buffer the buffer holding it
     * @param offset the structure's first byte
     * @return this
     */
    public GrefFlyweight wrap(ByteBuf buffer, int offset) {
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
     * The grant reference to map or unmap.
     *
     * @return the u32 value (unsigned: compare with Integer.compareUnsigned)
     */
    public int ref() {
        return buffer.getIntLE(offset + GrefLayout.REF_OFFSET);
    }

    /**
     * Sets {@code ref}: the grant reference to map or unmap.
     *
     * @param value the value (only the low 32 bits are stored)
     * @return this
     */
    public GrefFlyweight ref(int value) {
        buffer.setIntLE(offset + GrefLayout.REF_OFFSET, value);
        return this;
    }

    /**
     * XEN_NETIF_CTRLF_GREF_* (bit 0: read-only).
     *
     * @return 0..65535
     */
    public int flags() {
        return buffer.getUnsignedShortLE(offset + GrefLayout.FLAGS_OFFSET);
    }

    /**
     * Sets {@code flags}: XEN_NETIF_CTRLF_GREF_* (bit 0: read-only).
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public GrefFlyweight flags(int value) {
        buffer.setShortLE(offset + GrefLayout.FLAGS_OFFSET, value);
        return this;
    }

    /**
     * XEN_NETIF_CTRL_STATUS_* per entry, written by the backend on DEL (SG-4).
     *
     * @return 0..65535
     */
    public int status() {
        return buffer.getUnsignedShortLE(offset + GrefLayout.STATUS_OFFSET);
    }

    /**
     * Sets {@code status}: XEN_NETIF_CTRL_STATUS_* per entry, written by the backend on DEL (SG-4).
     *
     * @param value the value (only the low 16 bits are stored)
     * @return this
     */
    public GrefFlyweight status(int value) {
        buffer.setShortLE(offset + GrefLayout.STATUS_OFFSET, value);
        return this;
    }
}

package dev.netifkit.proto.extra;

import io.netty.buffer.ByteBuf;

/**
 * Flyweight over a {@code netif_extra_info} at (buffer, offset); every access little-endian through
 * {@link ExtraInfoLayout}. All union views are available whatever the type: choosing one is the caller's job.
 */
public final class ExtraInfoFlyweight {
    private ByteBuf buffer;
    private int offset;

    /**
     * Points this flyweight at a structure.
     *
     * @param buffer the buffer holding it
     * @param offset the structure's first byte
     * @return this
     */
    public ExtraInfoFlyweight wrap(ByteBuf buffer, int offset) {
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

    /** @return XEN_NETIF_EXTRA_TYPE_*, 0..255 */
    public int type() {
        return buffer.getUnsignedByte(offset + ExtraInfoLayout.TYPE_OFFSET);
    }

    /**
     * @param value XEN_NETIF_EXTRA_TYPE_* (low 8 bits stored)
     * @return this
     */
    public ExtraInfoFlyweight type(int value) {
        buffer.setByte(offset + ExtraInfoLayout.TYPE_OFFSET, value);
        return this;
    }

    /** @return XEN_NETIF_EXTRA_FLAG_*, 0..255 */
    public int flags() {
        return buffer.getUnsignedByte(offset + ExtraInfoLayout.FLAGS_OFFSET);
    }

    /**
     * @param value XEN_NETIF_EXTRA_FLAG_* (low 8 bits stored)
     * @return this
     */
    public ExtraInfoFlyweight flags(int value) {
        buffer.setByte(offset + ExtraInfoLayout.FLAGS_OFFSET, value);
        return this;
    }

    /** @return GSO view: the segment size, 0..65535 */
    public int gsoSize() {
        return buffer.getUnsignedShortLE(offset + ExtraInfoLayout.GSO_SIZE_OFFSET);
    }

    /**
     * @param value the segment size (low 16 bits stored)
     * @return this
     */
    public ExtraInfoFlyweight gsoSize(int value) {
        buffer.setShortLE(offset + ExtraInfoLayout.GSO_SIZE_OFFSET, value);
        return this;
    }

    /** @return GSO view: XEN_NETIF_GSO_TYPE_*, 0..255 */
    public int gsoType() {
        return buffer.getUnsignedByte(offset + ExtraInfoLayout.GSO_TYPE_OFFSET);
    }

    /**
     * @param value XEN_NETIF_GSO_TYPE_* (low 8 bits stored)
     * @return this
     */
    public ExtraInfoFlyweight gsoType(int value) {
        buffer.setByte(offset + ExtraInfoLayout.GSO_TYPE_OFFSET, value);
        return this;
    }

    /** @return GSO view: the pad byte, 0..255 */
    public int gsoPad() {
        return buffer.getUnsignedByte(offset + ExtraInfoLayout.GSO_PAD_OFFSET);
    }

    /**
     * @param value the pad byte (low 8 bits stored)
     * @return this
     */
    public ExtraInfoFlyweight gsoPad(int value) {
        buffer.setByte(offset + ExtraInfoLayout.GSO_PAD_OFFSET, value);
        return this;
    }

    /** @return GSO view: XEN_NETIF_GSO_FEAT_*, 0..65535 */
    public int gsoFeatures() {
        return buffer.getUnsignedShortLE(offset + ExtraInfoLayout.GSO_FEATURES_OFFSET);
    }

    /**
     * @param value the features (low 16 bits stored)
     * @return this
     */
    public ExtraInfoFlyweight gsoFeatures(int value) {
        buffer.setShortLE(offset + ExtraInfoLayout.GSO_FEATURES_OFFSET, value);
        return this;
    }

    /** @return MCAST view: the address in the low 48 bits, first octet most significant */
    public long mcastAddr() {
        int at = offset + ExtraInfoLayout.MCAST_ADDR_OFFSET;
        long bits = 0;
        for (int i = 0; i < ExtraInfoLayout.MCAST_ADDR_LENGTH; i++) {
            bits = bits << 8 | buffer.getUnsignedByte(at + i);
        }
        return bits;
    }

    /**
     * @param bits the address in the low 48 bits, first octet most significant
     * @return this
     */
    public ExtraInfoFlyweight mcastAddr(long bits) {
        int at = offset + ExtraInfoLayout.MCAST_ADDR_OFFSET;
        for (int i = 0; i < ExtraInfoLayout.MCAST_ADDR_LENGTH; i++) {
            buffer.setByte(at + i, (int) (bits >>> (8 * (ExtraInfoLayout.MCAST_ADDR_LENGTH - 1 - i))));
        }
        return this;
    }

    /** @return HASH view: the hash type's bit number, 0..255 */
    public int hashType() {
        return buffer.getUnsignedByte(offset + ExtraInfoLayout.HASH_TYPE_OFFSET);
    }

    /**
     * @param value the hash type's bit number (low 8 bits stored)
     * @return this
     */
    public ExtraInfoFlyweight hashType(int value) {
        buffer.setByte(offset + ExtraInfoLayout.HASH_TYPE_OFFSET, value);
        return this;
    }

    /** @return HASH view: XEN_NETIF_CTRL_HASH_ALGORITHM_*, 0..255 */
    public int hashAlgorithm() {
        return buffer.getUnsignedByte(offset + ExtraInfoLayout.HASH_ALGORITHM_OFFSET);
    }

    /**
     * @param value the algorithm (low 8 bits stored)
     * @return this
     */
    public ExtraInfoFlyweight hashAlgorithm(int value) {
        buffer.setByte(offset + ExtraInfoLayout.HASH_ALGORITHM_OFFSET, value);
        return this;
    }

    /** @return HASH view: the 32-bit hash (value[4] read little-endian) */
    public int hashValue() {
        return buffer.getIntLE(offset + ExtraInfoLayout.HASH_VALUE_OFFSET);
    }

    /**
     * @param value the 32-bit hash, stored little-endian
     * @return this
     */
    public ExtraInfoFlyweight hashValue(int value) {
        buffer.setIntLE(offset + ExtraInfoLayout.HASH_VALUE_OFFSET, value);
        return this;
    }

    /**
     * Raw view of the union.
     *
     * @param word 0..2
     * @return {@code u.pad[word]}, 0..65535
     */
    public int pad(int word) {
        return buffer.getUnsignedShortLE(offset + ExtraInfoLayout.PAD_OFFSET + word * Short.BYTES);
    }

    /**
     * Sets a raw word of the union.
     *
     * @param word 0..2
     * @param value the word (low 16 bits stored)
     * @return this
     */
    public ExtraInfoFlyweight pad(int word, int value) {
        buffer.setShortLE(offset + ExtraInfoLayout.PAD_OFFSET + word * Short.BYTES, value);
        return this;
    }
}

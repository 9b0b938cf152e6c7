package dev.netifkit.netback;

import dev.netifkit.proto.GsoType;
import io.netty.buffer.ByteBuf;

/**
 * A packet the guest transmitted, as the backend hands it to its {@link NetworkPort}: a list of segments (the
 * copied linear part, mapped or copied fragments) plus metadata. One instance per queue is reused for every
 * packet, and its segments are valid only during {@link NetworkPort#transmit}: a port that keeps a packet copies
 * it ({@link #copyTo(ByteBuf)}).
 */
public final class TxPacket {
    static final int MAX_SEGMENTS = 64;

    private final ByteBuf[] buffers = new ByteBuf[MAX_SEGMENTS];
    private final int[] offsets = new int[MAX_SEGMENTS];
    private final int[] lengths = new int[MAX_SEGMENTS];
    private int segments;
    private int length;
    private int queue;
    private boolean csumBlank;
    private boolean dataValidated;
    private int gsoType;
    private int gsoSize;
    private boolean hashed;
    private int hashType;
    private int hash;

    void reset(int queueIndex) {
        segments = 0; // stale buffer references stay until overwritten: no per-packet clearing loop
        length = 0;
        queue = queueIndex;
        csumBlank = false;
        dataValidated = false;
        gsoType = 0;
        gsoSize = 0;
        hashed = false;
        hashType = 0;
        hash = 0;
    }

    void addSegment(ByteBuf buffer, int offset, int len) {
        if (len == 0) {
            return;
        }
        // Merge with the previous segment when contiguous in the same buffer (the linear part filled piecewise).
        if (segments > 0 && buffers[segments - 1] == buffer && offsets[segments - 1] + lengths[segments - 1] == offset) {
            lengths[segments - 1] += len;
        } else {
            buffers[segments] = buffer;
            offsets[segments] = offset;
            lengths[segments] = len;
            segments++;
        }
        length += len;
    }

    void checksum(boolean blank, boolean validated) {
        csumBlank = blank;
        dataValidated = validated;
    }

    void gso(int type, int size) {
        gsoType = type;
        gsoSize = size;
    }

    void hash(int type, int value) {
        hashed = true;
        hashType = type;
        hash = value;
    }

    /** @return the queue the packet came from */
    public int queue() {
        return queue;
    }

    /** @return total bytes */
    public int length() {
        return length;
    }

    /** @return number of segments */
    public int segmentCount() {
        return segments;
    }

    /**
     * @param i segment index
     * @return the buffer holding segment i (read only what the offset and length say)
     */
    public ByteBuf segmentBuffer(int i) {
        return buffers[i];
    }

    /**
     * @param i segment index
     * @return where segment i starts in its buffer
     */
    public int segmentOffset(int i) {
        return offsets[i];
    }

    /**
     * @param i segment index
     * @return segment i's length
     */
    public int segmentLength(int i) {
        return lengths[i];
    }

    /**
     * Appends the packet's bytes to a buffer (moves its writer index).
     *
     * @param dst the destination
     */
    public void copyTo(ByteBuf dst) {
        for (int i = 0; i < segments; i++) {
            dst.writeBytes(buffers[i], offsets[i], lengths[i]);
        }
    }

    /**
     * Copies the packet's bytes into an array.
     *
     * @return a new array of {@link #length()} bytes
     */
    public byte[] toBytes() {
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < segments; i++) {
            buffers[i].getBytes(offsets[i], out, at, lengths[i]);
            at += lengths[i];
        }
        return out;
    }

    /**
     * One byte of the packet.
     *
     * @param index 0..length−1
     * @return the byte, 0..255
     */
    public int getUnsignedByte(int index) {
        int at = index;
        for (int i = 0; i < segments; i++) {
            if (at < lengths[i]) {
                return buffers[i].getUnsignedByte(offsets[i] + at);
            }
            at -= lengths[i];
        }
        throw new IndexOutOfBoundsException("byte " + index + " of a " + length + "-byte packet");
    }

    /** @return NETTXF_csum_blank was set */
    public boolean csumBlank() {
        return csumBlank;
    }

    /** @return NETTXF_data_validated was set */
    public boolean dataValidated() {
        return dataValidated;
    }

    /** @return XEN_NETIF_GSO_TYPE_* of a GSO extra, 0 if none */
    public int gsoType() {
        return gsoType;
    }

    /** @return the GSO segment size, 0 if none */
    public int gsoSize() {
        return gsoSize;
    }

    /** @return whether a HASH extra of a known type came with the packet */
    public boolean hashed() {
        return hashed;
    }

    /** @return the hash type's bit number (valid if {@link #hashed()}) */
    public int hashType() {
        return hashType;
    }

    /** @return the 32-bit hash (valid if {@link #hashed()}) */
    public int hash() {
        return hash;
    }

    @Override
    public String toString() {
        return "TxPacket[queue " + queue + ", " + length + " bytes in " + segments + " segments"
                + (csumBlank ? ", csum_blank" : "") + (dataValidated ? ", data_validated" : "")
                + (gsoType != 0 ? ", gso " + GsoType.nameOf(gsoType) + "/" + gsoSize : "")
                + (hashed ? ", hash type " + hashType + " = 0x" + Integer.toHexString(hash) : "") + "]";
    }
}

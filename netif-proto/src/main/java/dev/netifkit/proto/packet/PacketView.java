package dev.netifkit.proto.packet;

import dev.netifkit.proto.GsoType;
import io.netty.buffer.ByteBuf;

/**
 * A packet as a model hands it over — to a backend's network port, to a frontend's sink: a list of segments over
 * the model's own memory (copied parts, mapped pages, staged buffers) plus the metadata the protocol carries with
 * it (checksum flags, GSO, hash). Subclasses are reused for every packet without allocating; the segments are
 * valid only during the call that hands the packet over, so a receiver that keeps one copies it
 * ({@link #copyTo(ByteBuf)}, {@link #toBytes()}).
 */
public abstract class PacketView {
    private final ByteBuf[] buffers;
    private final int[] offsets;
    private final int[] lengths;
    private int segments;
    private int length;
    private boolean csumBlank;
    private boolean dataValidated;
    private int gsoType;
    private int gsoSize;
    private boolean hashed;
    private int hashType;
    private int hash;

    /**
     * @param maxSegments the most segments a packet may have
     */
    protected PacketView(int maxSegments) {
        buffers = new ByteBuf[maxSegments];
        offsets = new int[maxSegments];
        lengths = new int[maxSegments];
    }

    /** Empties the view for the next packet (stale buffer references stay: no per-packet clearing loop). */
    protected final void clear() {
        segments = 0;
        length = 0;
        csumBlank = false;
        dataValidated = false;
        gsoType = 0;
        gsoSize = 0;
        hashed = false;
        hashType = 0;
        hash = 0;
    }

    /**
     * Appends bytes; an empty range adds nothing, and a range that continues the last segment in the same buffer
     * extends it (a linear part filled piecewise stays one segment).
     *
     * @param buffer where the bytes are
     * @param offset their first index
     * @param len how many
     * @throws IllegalStateException if the segment list is full (the caller bounds it)
     */
    protected final void append(ByteBuf buffer, int offset, int len) {
        if (len == 0) {
            return;
        }
        if (segments > 0 && buffers[segments - 1] == buffer && offsets[segments - 1] + lengths[segments - 1] == offset) {
            lengths[segments - 1] += len;
        } else {
            if (segments == buffers.length) {
                throw new IllegalStateException("packet view full: " + segments + " segments");
            }
            buffers[segments] = buffer;
            offsets[segments] = offset;
            lengths[segments] = len;
            segments++;
        }
        length += len;
    }

    /**
     * @param blank csum_blank
     * @param validated data_validated
     */
    protected final void checksumFlags(boolean blank, boolean validated) {
        csumBlank = blank;
        dataValidated = validated;
    }

    /**
     * @param type XEN_NETIF_GSO_TYPE_*
     * @param size segment size
     */
    protected final void gsoInfo(int type, int size) {
        gsoType = type;
        gsoSize = size;
    }

    /**
     * @param type the hash type's bit number
     * @param value the 32-bit hash
     */
    protected final void hashInfo(int type, int value) {
        hashed = true;
        hashType = type;
        hash = value;
    }

    /** @return total bytes */
    public final int length() {
        return length;
    }

    /** @return number of segments */
    public final int segmentCount() {
        return segments;
    }

    /**
     * @param i segment index
     * @return the buffer holding segment i (read only what its offset and length say)
     */
    public final ByteBuf segmentBuffer(int i) {
        checkSegment(i);
        return buffers[i];
    }

    /**
     * @param i segment index
     * @return where segment i starts in its buffer
     */
    public final int segmentOffset(int i) {
        checkSegment(i);
        return offsets[i];
    }

    /**
     * @param i segment index
     * @return segment i's length
     */
    public final int segmentLength(int i) {
        checkSegment(i);
        return lengths[i];
    }

    private void checkSegment(int i) {
        if (i < 0 || i >= segments) {
            throw new IllegalArgumentException("segment " + i + " outside 0.." + (segments - 1));
        }
    }

    /**
     * Appends the packet's bytes to a buffer (moves its writer index).
     *
     * @param dst the destination
     */
    public final void copyTo(ByteBuf dst) {
        for (int i = 0; i < segments; i++) {
            dst.writeBytes(buffers[i], offsets[i], lengths[i]);
        }
    }

    /** @return a new array holding the packet's bytes */
    public final byte[] toBytes() {
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
    public final int getUnsignedByte(int index) {
        int at = index;
        for (int i = 0; i < segments; i++) {
            if (at < lengths[i]) {
                return buffers[i].getUnsignedByte(offsets[i] + at);
            }
            at -= lengths[i];
        }
        throw new IndexOutOfBoundsException("byte " + index + " of a " + length + "-byte packet");
    }

    /** @return csum_blank was set */
    public final boolean csumBlank() {
        return csumBlank;
    }

    /** @return data_validated was set */
    public final boolean dataValidated() {
        return dataValidated;
    }

    /** @return the checksum state the flags say */
    public final Checksum checksum() {
        return Checksum.of(csumBlank, dataValidated);
    }

    /** @return XEN_NETIF_GSO_TYPE_* of the GSO extra, 0 if none */
    public final int gsoType() {
        return gsoType;
    }

    /** @return the GSO segment size, 0 if none */
    public final int gsoSize() {
        return gsoSize;
    }

    /** @return whether a HASH extra of a known type came with it */
    public final boolean hashed() {
        return hashed;
    }

    /** @return the hash type's bit number (when hashed) */
    public final int hashType() {
        return hashType;
    }

    /** @return the 32-bit hash (when hashed) */
    public final int hash() {
        return hash;
    }

    /** @return a summary for messages: size, segments and metadata */
    protected final String describe() {
        return length + " bytes in " + segments + " segments" + (csumBlank ? ", csum_blank" : "")
                + (dataValidated ? ", data_validated" : "")
                + (gsoType != 0 ? ", gso " + GsoType.nameOf(gsoType) + "/" + gsoSize : "")
                + (hashed ? ", hash type " + hashType + " = 0x" + Integer.toHexString(hash) : "");
    }
}

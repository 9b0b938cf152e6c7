package dev.netifkit.netfront;

import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.HashType;
import io.netty.buffer.ByteBuf;

/**
 * A packet the guest received, as {@link PacketSink#received} sees it: up to {@value #MAX_SEGMENTS} segments (one
 * per rx data slot, RX-2) over the frontend's own pages — received pages or staged buffers — plus the metadata of
 * the first response's flags and the GSO/HASH extras (RX-3, RX-4). One instance per queue is reused; the segments
 * are valid only during the call.
 */
public final class RxPacket {
    /** Most data slots a packet may use (FR-4: more is dropped). */
    public static final int MAX_SEGMENTS = 18;

    private final ByteBuf[] buffers = new ByteBuf[MAX_SEGMENTS];
    private final int[] offsets = new int[MAX_SEGMENTS];
    private final int[] lengths = new int[MAX_SEGMENTS];
    private int segments;
    private int length;
    private boolean dataValidated;
    private boolean csumBlank;
    private int gsoType;
    private int gsoSize;
    private boolean hashed;
    private int hashType;
    private int hash;

    RxPacket() {
    }

    void reset() {
        // buffers[] keeps stale references to the queue's own long-lived pages: harmless, and no loop per packet
        segments = 0;
        length = 0;
        dataValidated = false;
        csumBlank = false;
        gsoType = 0;
        gsoSize = 0;
        hashed = false;
        hashType = 0;
        hash = 0;
    }

    /** Adds a data slot's bytes; the caller checked the count and the page bounds (FR-4). */
    void addSegment(ByteBuf buffer, int offset, int len) {
        buffers[segments] = buffer;
        offsets[segments] = offset;
        lengths[segments] = len;
        segments++;
        length += len;
    }

    void flags(boolean validated, boolean blank) {
        dataValidated = validated;
        csumBlank = blank;
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

    /** @return packet bytes: the sum of its slots' statuses */
    public int length() {
        return length;
    }

    /** @return number of segments (data slots with bytes) */
    public int segmentCount() {
        return segments;
    }

    /**
     * @param i a segment, 0..segmentCount()-1
     * @return the buffer holding it (the frontend's page; do not keep or release it)
     */
    public ByteBuf segmentBuffer(int i) {
        checkSegment(i);
        return buffers[i];
    }

    /**
     * @param i a segment
     * @return where it starts in its buffer
     */
    public int segmentOffset(int i) {
        checkSegment(i);
        return offsets[i];
    }

    /**
     * @param i a segment
     * @return its length
     */
    public int segmentLength(int i) {
        checkSegment(i);
        return lengths[i];
    }

    /**
     * One byte of the packet.
     *
     * @param index 0..length()-1
     * @return the unsigned byte
     */
    public int getUnsignedByte(int index) {
        if (index < 0 || index >= length) {
            throw new IllegalArgumentException("byte " + index + " outside the packet's " + length + " bytes");
        }
        int i = 0;
        int at = index;
        while (at >= lengths[i]) {
            at -= lengths[i++];
        }
        return buffers[i].getUnsignedByte(offsets[i] + at);
    }

    /**
     * Appends the packet's bytes to {@code dst} at its writer index.
     *
     * @param dst a buffer with room for {@link #length()} bytes
     */
    public void copyTo(ByteBuf dst) {
        if (dst == null) {
            throw new IllegalArgumentException("destination is null");
        }
        for (int i = 0; i < segments; i++) {
            dst.writeBytes(buffers[i], offsets[i], lengths[i]);
        }
    }

    /** @return a new array with the packet's bytes (allocates: for tests and tools) */
    public byte[] toBytes() {
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < segments; i++) {
            buffers[i].getBytes(offsets[i], out, at, lengths[i]);
            at += lengths[i];
        }
        return out;
    }

    /** @return NETRXF_data_validated: the checksum is known good */
    public boolean dataValidated() {
        return dataValidated;
    }

    /** @return NETRXF_csum_blank: the checksum field is blank (partial checksum) */
    public boolean csumBlank() {
        return csumBlank;
    }

    /** @return XEN_NETIF_GSO_TYPE_* of a GSO extra, 0 for none */
    public int gsoType() {
        return gsoType;
    }

    /** @return the GSO extra's segment size, 0 for none */
    public int gsoSize() {
        return gsoSize;
    }

    /** @return true if a HASH extra came with the packet */
    public boolean hashed() {
        return hashed;
    }

    /** @return the HASH extra's type as its bit number (RX-3: IPV4 0 .. IPV6_TCP 3) */
    public int hashType() {
        return hashType;
    }

    /** @return the HASH extra's 32-bit value */
    public int hash() {
        return hash;
    }

    private void checkSegment(int i) {
        if (i < 0 || i >= segments) {
            throw new IllegalArgumentException("segment " + i + " outside 0.." + (segments - 1));
        }
    }

    @Override
    public String toString() {
        HashType ht = hashed ? HashType.fromBit(hashType) : null;
        return "RxPacket[" + length + " bytes in " + segments + " segment(s)"
                + (dataValidated ? ", data_validated" : "") + (csumBlank ? ", csum_blank" : "")
                + (gsoType == 0 ? "" : ", gso " + GsoType.nameOf(gsoType) + "/" + gsoSize)
                + (hashed ? ", hash " + (ht == null ? hashType : ht) + "=" + Integer.toHexString(hash) : "") + "]";
    }
}

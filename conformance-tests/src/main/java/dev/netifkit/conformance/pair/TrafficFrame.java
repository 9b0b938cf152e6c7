package dev.netifkit.conformance.pair;

import io.netty.buffer.ByteBuf;

/**
 * The test traffic's frame format: an Ethernet header (experimental ethertype 0x88B5) followed by a sequence
 * number, a flow id, the frame's length, and a payload whose byte i is (seq + i) mod 256 — so that loss,
 * duplication, reordering and any corrupted byte can be told apart on arrival.
 *
 * <pre>
 *   0      6      12    14        18      20      22
 *   | dst  | src  | 88b5 | seq u32 | flow  | len   | payload ... |
 * </pre>
 *
 * All fields after the ethertype are little-endian.
 */
public final class TrafficFrame {
    /** Ethertype of test frames (IEEE 802 local experimental). */
    public static final int ETHERTYPE = 0x88B5;
    /** Offset of the sequence number. */
    public static final int SEQ_OFFSET = 14;
    /** Offset of the flow id. */
    public static final int FLOW_OFFSET = SEQ_OFFSET + Integer.BYTES;
    /** Offset of the length field. */
    public static final int LENGTH_OFFSET = FLOW_OFFSET + Short.BYTES;
    /** Offset of the payload. */
    public static final int PAYLOAD_OFFSET = LENGTH_OFFSET + Short.BYTES;
    /** The smallest frame: header and fields, no payload. */
    public static final int MIN_LENGTH = PAYLOAD_OFFSET;

    /** Verification outcome: intact. */
    public static final int OK = 0;
    /** Verification outcome: not a test frame or wrong length. */
    public static final int MALFORMED = 1;
    /** Verification outcome: a payload byte differs. */
    public static final int CORRUPTED = 2;

    private TrafficFrame() {
    }

    /**
     * Writes a frame at index 0 of a buffer (absolute sets; indices unchanged).
     *
     * @param buf at least {@code length} bytes of capacity
     * @param dst destination MAC (48 bits)
     * @param src source MAC
     * @param flow flow id (u16)
     * @param seq sequence number within the flow
     * @param length frame length, {@link #MIN_LENGTH}..65535
     */
    public static void write(ByteBuf buf, long dst, long src, int flow, int seq, int length) {
        if (length < MIN_LENGTH || length > 0xFFFF) {
            throw new IllegalArgumentException("test frame length " + length + " outside " + MIN_LENGTH + "..65535");
        }
        buf.setShort(0, (int) (dst >>> 32));
        buf.setInt(2, (int) dst);
        buf.setShort(6, (int) (src >>> 32));
        buf.setInt(8, (int) src);
        buf.setShort(12, ETHERTYPE);
        buf.setIntLE(SEQ_OFFSET, seq);
        buf.setShortLE(FLOW_OFFSET, flow);
        buf.setShortLE(LENGTH_OFFSET, length);
        int i = PAYLOAD_OFFSET;
        // 8 bytes at a time: byte k of the word is (seq + i + k) & 0xFF
        for (; i + 8 <= length; i += 8) {
            buf.setLongLE(i, pattern8(seq + i));
        }
        for (; i < length; i++) {
            buf.setByte(i, seq + i);
        }
    }

    /** Eight payload bytes starting at pattern value {@code base}: byte k is (base + k) mod 256. */
    static long pattern8(int base) {
        int b = base & 0xFF;
        if (b <= 0xF8) {
            return b * 0x0101_0101_0101_0101L + 0x0706_0504_0302_0100L; // no byte wraps: one multiply-add
        }
        long w = 0;
        for (int k = 7; k >= 0; k--) {
            w = w << 8 | ((b + k) & 0xFF);
        }
        return w;
    }

    /**
     * Checks a received frame held in one contiguous buffer range.
     *
     * @param buf the buffer
     * @param offset the frame's first byte
     * @param length bytes received
     * @return {@link #OK}, {@link #MALFORMED} or {@link #CORRUPTED}
     */
    public static int verify(ByteBuf buf, int offset, int length) {
        if (length < MIN_LENGTH || buf.getUnsignedShort(offset + 12) != ETHERTYPE
                || buf.getUnsignedShortLE(offset + LENGTH_OFFSET) != length) {
            return MALFORMED;
        }
        int seq = buf.getIntLE(offset + SEQ_OFFSET);
        int i = PAYLOAD_OFFSET;
        for (; i + 8 <= length; i += 8) {
            if (buf.getLongLE(offset + i) != pattern8(seq + i)) {
                return CORRUPTED;
            }
        }
        for (; i < length; i++) {
            if (buf.getUnsignedByte(offset + i) != ((seq + i) & 0xFF)) {
                return CORRUPTED;
            }
        }
        return OK;
    }

    /** @return the sequence number of a frame at {@code offset} */
    public static int seq(ByteBuf buf, int offset) {
        return buf.getIntLE(offset + SEQ_OFFSET);
    }

    /** @return the flow id of a frame at {@code offset} */
    public static int flow(ByteBuf buf, int offset) {
        return buf.getUnsignedShortLE(offset + FLOW_OFFSET);
    }
}

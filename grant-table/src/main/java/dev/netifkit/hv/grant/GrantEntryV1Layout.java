package dev.netifkit.hv.grant;

import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Layout of {@code grant_entry_v1}, the version-1 grant table entry (GNT-1), from Xen's
 * {@code xen/include/public/grant_table.h}:
 *
 * <pre>
 * struct grant_entry_v1 {
 *     uint16_t flags;   // GTF_xxx: various type and flag information      @0
 *     domid_t  domid;   // The domain being granted foreign privileges.    @2
 *     uint32_t frame;   // The frame to which access is permitted.         @4
 * };                    // 8 bytes
 *
 *  0               1               2               3
 *  0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 * +-------------------------------+-------------------------------+
 * |             flags             |             domid             |  word 0
 * +-------------------------------+-------------------------------+
 * |                             frame                             |  word 1
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>All fields are little-endian. The first 32-bit word (flags | domid &lt;&lt; 16) is the unit the hypervisor
 * updates with compare-and-set when it sets or clears {@link #GTF_READING}/{@link #GTF_WRITING}, and the unit a
 * guest updates with compare-and-set when it ends access; {@link #casWord} and {@link #wordVolatile} give that
 * access over the frame's {@link ByteBuffer}. The static accessors carry every bit unchanged: validating flags is
 * the business of the layers above.
 */
public final class GrantEntryV1Layout {
    /** Offset of {@code flags} (u16). */
    public static final int FLAGS_OFFSET = 0;
    /** Offset of {@code domid} (u16): the domain allowed to use the grant. */
    public static final int DOMID_OFFSET = FLAGS_OFFSET + Short.BYTES;
    /** Offset of {@code frame} (u32): the granting domain's frame number. */
    public static final int FRAME_OFFSET = DOMID_OFFSET + Short.BYTES;
    /** Size of one entry in bytes. */
    public static final int LENGTH = FRAME_OFFSET + Integer.BYTES;
    /** Size of a grant table frame in bytes (one 4 KiB page). */
    public static final int FRAME_SIZE = 4096;
    /** Entries per 4 KiB grant table frame. */
    public static final int ENTRIES_PER_FRAME = FRAME_SIZE / LENGTH;
    /** Refs 0-7 are reserved (GNT-1): the toolstack's, never handed out by a guest. */
    public static final int RESERVED_ENTRIES = 8;

    /** Entry type: not granted. */
    public static final int GTF_INVALID = 0;
    /** Entry type: the named domain may map or copy the frame. */
    public static final int GTF_PERMIT_ACCESS = 1;
    /** Mask of the type bits (0-1). */
    public static final int GTF_TYPE_MASK = 3;
    /** The grant allows reading only. */
    public static final int GTF_READONLY = 1 << 2;
    /** Set by the hypervisor while the grant is mapped or copied from (or to). */
    public static final int GTF_READING = 1 << 3;
    /** Set by the hypervisor while the grant is mapped writable or copied to. */
    public static final int GTF_WRITING = 1 << 4;

    private static final VarHandle INT_LE =
            MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private GrantEntryV1Layout() {
    }

    /** Byte offset of entry {@code ref} within its grant table frame. */
    public static int offsetInFrame(int ref) {
        return (ref % ENTRIES_PER_FRAME) * LENGTH;
    }

    /** Index of the grant table frame that holds entry {@code ref}. */
    public static int frameIndex(int ref) {
        return ref / ENTRIES_PER_FRAME;
    }

    /** {@code flags} of the entry at {@code offset}, widened to an int. */
    public static int flags(ByteBuf buf, int offset) {
        return buf.getUnsignedShortLE(offset + FLAGS_OFFSET);
    }

    /** Writes {@code flags} (low 16 bits of {@code value}). */
    public static void flags(ByteBuf buf, int offset, int value) {
        buf.setShortLE(offset + FLAGS_OFFSET, value);
    }

    /** {@code domid} of the entry at {@code offset}, widened to an int. */
    public static int domid(ByteBuf buf, int offset) {
        return buf.getUnsignedShortLE(offset + DOMID_OFFSET);
    }

    /** Writes {@code domid} (low 16 bits of {@code value}). */
    public static void domid(ByteBuf buf, int offset, int value) {
        buf.setShortLE(offset + DOMID_OFFSET, value);
    }

    /** {@code frame} (u32 in an int) of the entry at {@code offset}. */
    public static int frame(ByteBuf buf, int offset) {
        return buf.getIntLE(offset + FRAME_OFFSET);
    }

    /** Writes {@code frame} (u32 in an int). */
    public static void frame(ByteBuf buf, int offset, int value) {
        buf.setIntLE(offset + FRAME_OFFSET, value);
    }

    /** {@code frame} read through the frame's nio view (plain read, little-endian). */
    static int frame(ByteBuffer nio, int offset) {
        return (int) INT_LE.get(nio, offset + FRAME_OFFSET);
    }

    /** Writes {@code frame} through the frame's nio view (plain write, little-endian). */
    static void frame(ByteBuffer nio, int offset, int value) {
        INT_LE.set(nio, offset + FRAME_OFFSET, value);
    }

    /** Packs flags and domid into the entry's first 32-bit word as it sits in memory. */
    public static int word(int flags, int domid) {
        return (flags & 0xFFFF) | (domid << 16);
    }

    /** The flags half of a first word. */
    public static int wordFlags(int word) {
        return word & 0xFFFF;
    }

    /** The domid half of a first word. */
    public static int wordDomid(int word) {
        return word >>> 16;
    }

    /** Volatile (acquire at least) read of the entry's first word (flags | domid &lt;&lt; 16). */
    public static int wordVolatile(ByteBuffer nio, int offset) {
        return (int) INT_LE.getVolatile(nio, offset);
    }

    /** Release store of the entry's first word: publishes a grant after its frame field was written. */
    public static void wordRelease(ByteBuffer nio, int offset, int word) {
        INT_LE.setRelease(nio, offset, word);
    }

    /** Compare-and-set of the entry's first word (volatile semantics). */
    public static boolean casWord(ByteBuffer nio, int offset, int expected, int update) {
        return INT_LE.compareAndSet(nio, offset, expected, update);
    }
}

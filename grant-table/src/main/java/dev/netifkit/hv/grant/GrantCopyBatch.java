package dev.netifkit.hv.grant;

import dev.netifkit.hv.Frame;

/**
 * A reusable batch of grant copy ops ({@code GNTTABOP_copy}), preallocated for {@code capacity} ops: adding an op
 * allocates nothing. Each side of an op is either a gref of a (foreign or own) domain or a local frame, with an
 * offset; the op copies {@code len} bytes (≤ 4096, never across a 4 KiB frame: GNT-3). Field values are taken as
 * given — they may come from a peer — and checked when the batch is submitted with
 * {@link dev.netifkit.hv.Domain#grantCopy}, which sets each op's {@link #status(int)} ({@link GntStatus}).
 *
 * <p>Not thread-safe: one batch belongs to one domain's execution context.
 */
public final class GrantCopyBatch {
    static final int SRC_GREF = 1;
    static final int DST_GREF = 2;
    /** Status of an op that was added but not yet submitted. */
    public static final int NOT_SUBMITTED = Integer.MIN_VALUE;

    private final int capacity;
    private final int[] kind;
    private final int[] srcDomid;
    private final int[] srcRef;
    private final int[] srcOffset;
    private final Frame[] srcFrame;
    private final int[] dstDomid;
    private final int[] dstRef;
    private final int[] dstOffset;
    private final Frame[] dstFrame;
    private final int[] len;
    private final int[] status;
    private int size;

    /** A batch for up to {@code capacity} ops (1..65536). */
    public GrantCopyBatch(int capacity) {
        if (capacity < 1 || capacity > 65536) {
            throw new IllegalArgumentException("capacity " + capacity + " outside 1..65536");
        }
        this.capacity = capacity;
        kind = new int[capacity];
        srcDomid = new int[capacity];
        srcRef = new int[capacity];
        srcOffset = new int[capacity];
        srcFrame = new Frame[capacity];
        dstDomid = new int[capacity];
        dstRef = new int[capacity];
        dstOffset = new int[capacity];
        dstFrame = new Frame[capacity];
        len = new int[capacity];
        status = new int[capacity];
    }

    /** Copy from a gref of {@code srcDomid} into a local frame. @return the op index */
    public int addFromGref(int srcDomid, int srcGref, int srcOffset, Frame dst, int dstOffset, int len) {
        requireFrame(dst, "dst");
        return add(SRC_GREF, srcDomid, srcGref, srcOffset, null, 0, 0, dstOffset, dst, len);
    }

    /** Copy from a local frame into a gref of {@code dstDomid}. @return the op index */
    public int addToGref(Frame src, int srcOffset, int dstDomid, int dstGref, int dstOffset, int len) {
        requireFrame(src, "src");
        return add(DST_GREF, 0, 0, srcOffset, src, dstDomid, dstGref, dstOffset, null, len);
    }

    /** Copy between two grefs. @return the op index */
    public int addGrefToGref(int srcDomid, int srcGref, int srcOffset, int dstDomid, int dstGref, int dstOffset,
                             int len) {
        return add(SRC_GREF | DST_GREF, srcDomid, srcGref, srcOffset, null, dstDomid, dstGref, dstOffset, null, len);
    }

    /** Copy between two local frames. @return the op index */
    public int addLocal(Frame src, int srcOffset, Frame dst, int dstOffset, int len) {
        requireFrame(src, "src");
        requireFrame(dst, "dst");
        return add(0, 0, 0, srcOffset, src, 0, 0, dstOffset, dst, len);
    }

    /** Ops added since the last {@link #clear()}. */
    public int size() {
        return size;
    }

    /** Maximum number of ops. */
    public int capacity() {
        return capacity;
    }

    /** Status of op {@code op} after submission ({@link GntStatus}); {@link #NOT_SUBMITTED} before. */
    public int status(int op) {
        checkOp(op);
        return status[op];
    }

    /** Length of op {@code op} as added. */
    public int length(int op) {
        checkOp(op);
        return len[op];
    }

    /** Bytes moved by the ops whose status is {@code OKAY}. */
    public long copiedBytes() {
        long bytes = 0;
        for (int i = 0; i < size; i++) {
            if (status[i] == GntStatus.OKAY) {
                bytes += len[i];
            }
        }
        return bytes;
    }

    /** Empties the batch (drops frame references). */
    public void clear() {
        for (int i = 0; i < size; i++) {
            srcFrame[i] = null;
            dstFrame[i] = null;
        }
        size = 0;
    }

    private int add(int k, int sDom, int sRef, int sOff, Frame sFrame, int dDom, int dRef, int dOff, Frame dFrame,
                    int length) {
        if (size == capacity) {
            throw new IllegalStateException("grant copy batch full (capacity " + capacity + ")");
        }
        int i = size++;
        kind[i] = k;
        srcDomid[i] = sDom;
        srcRef[i] = sRef;
        srcOffset[i] = sOff;
        srcFrame[i] = sFrame;
        dstDomid[i] = dDom;
        dstRef[i] = dRef;
        dstOffset[i] = dOff;
        dstFrame[i] = dFrame;
        len[i] = length;
        status[i] = NOT_SUBMITTED;
        return i;
    }

    private static void requireFrame(Frame f, String side) {
        if (f == null) {
            throw new IllegalArgumentException(side + " frame is null");
        }
    }

    private void checkOp(int op) {
        if (op < 0 || op >= size) {
            throw new IllegalArgumentException("op " + op + " outside the batch (size " + size + ")");
        }
    }

    int kind(int i) {
        return kind[i];
    }

    int srcDomid(int i) {
        return srcDomid[i];
    }

    int srcRef(int i) {
        return srcRef[i];
    }

    int srcOffset(int i) {
        return srcOffset[i];
    }

    Frame srcFrame(int i) {
        return srcFrame[i];
    }

    int dstDomid(int i) {
        return dstDomid[i];
    }

    int dstRef(int i) {
        return dstRef[i];
    }

    int dstOffset(int i) {
        return dstOffset[i];
    }

    Frame dstFrame(int i) {
        return dstFrame[i];
    }

    int len(int i) {
        return len[i];
    }

    void status(int i, int s) {
        status[i] = s;
    }
}

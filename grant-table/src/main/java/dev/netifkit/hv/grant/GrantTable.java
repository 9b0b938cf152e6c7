package dev.netifkit.hv.grant;

import dev.netifkit.hv.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntFunction;

import static dev.netifkit.hv.grant.GrantEntryV1Layout.ENTRIES_PER_FRAME;
import static dev.netifkit.hv.grant.GrantEntryV1Layout.GTF_PERMIT_ACCESS;
import static dev.netifkit.hv.grant.GrantEntryV1Layout.GTF_READING;
import static dev.netifkit.hv.grant.GrantEntryV1Layout.GTF_READONLY;
import static dev.netifkit.hv.grant.GrantEntryV1Layout.GTF_WRITING;
import static dev.netifkit.hv.grant.GrantEntryV1Layout.RESERVED_ENTRIES;

/**
 * The guest side of one domain's version-1 grant table (GNT-1, GNT-4): an array of {@code grant_entry_v1} in
 * 4 KiB frames shared with the hypervisor, byte-exact. The table starts with one frame and grows by whole frames
 * (512 entries each) up to a maximum (default {@value #DEFAULT_MAX_FRAMES} frames = 16384 entries).
 *
 * <p>As in Linux: {@link #grantAccess} writes frame and domid, then publishes the flags with a release store; the
 * hypervisor sets GTF_reading/GTF_writing with compare-and-set on the entry's first word while a grant is mapped or
 * copied, and {@link #endAccess} is a compare-and-set from flags without those bits to 0
 * ({@code gnttab_end_foreign_access_ref} v1). So a copy never lands after {@code endAccess} returned true, and
 * {@code endAccess} never succeeds while a copy or map holds the entry. Refs 0-7 are reserved and never allocated.
 *
 * <p>Thread-safe: guest calls may come from any thread while other domains' hypercalls use the entries.
 */
public final class GrantTable {
    /** Default maximum number of grant table frames. */
    public static final int DEFAULT_MAX_FRAMES = 32;

    private static final byte FREE = 0;
    private static final byte ALLOCATED = 1;
    private static final byte GRANTED = 2;

    private final int domid;
    private final int maxFrames;
    private final IntFunction<Frame> liveFrames;
    private final Object guestLock = new Object();

    // published by grow(): pages before size, both volatile, so a reader that sees size sees the pages
    private volatile ByteBuffer[] pages = new ByteBuffer[0];
    private volatile ByteBuf[] pageBufs = new ByteBuf[0];
    private volatile int size;

    // guest bookkeeping, guarded by guestLock
    private byte[] state = new byte[0];
    private Frame[] grantedFrame = new Frame[0];
    private int[] grantsByFrameNumber = new int[64];
    private int[] freeRing = new int[0];
    private int freeHead;
    private int freeCount;
    private int allocated;
    private int granted;

    GrantTable(int domid, int maxFrames, IntFunction<Frame> liveFrames) {
        if (maxFrames < 1 || maxFrames > 1024) {
            throw new IllegalArgumentException("maxFrames " + maxFrames + " outside 1..1024");
        }
        this.domid = domid;
        this.maxFrames = maxFrames;
        this.liveFrames = liveFrames;
        synchronized (guestLock) {
            grow();
        }
    }

    /** The domain this table belongs to. */
    public int domid() {
        return domid;
    }

    /** Current number of entries (whole frames × 512); grefs at or above it are {@code BAD_GNTREF}. */
    public int size() {
        return size;
    }

    /** Current number of grant table frames. */
    public int frames() {
        return pages.length;
    }

    /** Maximum number of grant table frames. */
    public int maxFrames() {
        return maxFrames;
    }

    /**
     * Allocates a free gref (FIFO reuse, so a just-freed ref is reused as late as possible), growing the table by
     * a frame when needed. Never returns 0-7.
     *
     * @return a gref ≥ 8, or -1 when the table is exhausted at its maximum size
     */
    public int allocateRef() {
        synchronized (guestLock) {
            if (freeCount == 0 && !grow()) {
                return -1;
            }
            int ref = freeRing[freeHead];
            freeHead = (freeHead + 1) % freeRing.length;
            freeCount--;
            state[ref] = ALLOCATED;
            allocated++;
            return ref;
        }
    }

    /**
     * Allocates one particular gref, growing the table to hold it: scripted peers (scenario files) name their
     * grefs. Reserved refs 0-7 are never allocated.
     *
     * @param ref the gref wanted
     * @return true if it was free and is now allocated; false if it is reserved, in use, or beyond the table's
     *         maximum size
     */
    public boolean allocateSpecificRef(int ref) {
        synchronized (guestLock) {
            if (ref < RESERVED_ENTRIES || ref >= maxFrames * ENTRIES_PER_FRAME) {
                return false;
            }
            while (ref >= size) {
                grow();
            }
            if (state[ref] != FREE) {
                return false;
            }
            // Take it out of the FIFO of free refs, keeping the others' order.
            int[] ring = new int[freeRing.length];
            int n = 0;
            for (int i = 0; i < freeCount; i++) {
                int r = freeRing[(freeHead + i) % freeRing.length];
                if (r != ref) {
                    ring[n++] = r;
                }
            }
            freeRing = ring;
            freeHead = 0;
            freeCount = n;
            state[ref] = ALLOCATED;
            allocated++;
            return true;
        }
    }

    /**
     * Grants {@code domid} access to {@code frame} through {@code ref}: writes frame and domid, then publishes
     * GTF_permit_access (| GTF_readonly) with release order.
     *
     * @throws IllegalArgumentException if the ref is not allocated or already granted, the frame is not a live
     *                                  frame of this domain, or the domid does not fit u16
     */
    public void grantAccess(int ref, int domid, Frame frame, boolean readonly) {
        if (frame == null) {
            throw new IllegalArgumentException("frame is null (ref " + ref + ")");
        }
        if ((domid & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("domid " + domid + " does not fit u16 (ref " + ref + ")");
        }
        synchronized (guestLock) {
            checkRef(ref);
            if (state[ref] == FREE) {
                throw new IllegalArgumentException("gref " + ref + " is not allocated (d" + this.domid + ")");
            }
            if (state[ref] == GRANTED) {
                throw new IllegalArgumentException("gref " + ref + " is already granted (d" + this.domid
                        + "); end access first");
            }
            if (frame.owner().domid() != this.domid || liveFrames.apply(frame.number()) != frame) {
                throw new IllegalArgumentException(frame + " is not a live frame of d" + this.domid);
            }
            ByteBuffer page = page(ref);
            int off = GrantEntryV1Layout.offsetInFrame(ref);
            GrantEntryV1Layout.frame(page, off, frame.number());
            int flags = GTF_PERMIT_ACCESS | (readonly ? GTF_READONLY : 0);
            GrantEntryV1Layout.wordRelease(page, off, GrantEntryV1Layout.word(flags, domid));
            state[ref] = GRANTED;
            grantedFrame[ref] = frame;
            int n = frame.number();
            if (n >= grantsByFrameNumber.length) {
                grantsByFrameNumber = Arrays.copyOf(grantsByFrameNumber, Math.max(n + 1, grantsByFrameNumber.length * 2));
            }
            grantsByFrameNumber[n]++;
            granted++;
        }
    }

    /**
     * Ends access through {@code ref} (GNT-4): a compare-and-set of the flags to 0 that fails while
     * GTF_reading or GTF_writing is set (the grant is mapped or a copy is in progress).
     *
     * @return true if access ended (entry flags now 0); false if the grant is in use — nothing changed, and the
     *         caller must not reuse the ref or the page yet
     * @throws IllegalArgumentException if the ref is not granted
     */
    public boolean endAccess(int ref) {
        synchronized (guestLock) {
            checkRef(ref);
            if (state[ref] != GRANTED) {
                throw new IllegalArgumentException("gref " + ref + " is not granted (d" + domid + ")");
            }
            ByteBuffer page = page(ref);
            int off = GrantEntryV1Layout.offsetInFrame(ref);
            int word = GrantEntryV1Layout.wordVolatile(page, off);
            while (true) {
                if ((word & (GTF_READING | GTF_WRITING)) != 0) {
                    return false;
                }
                if (GrantEntryV1Layout.casWord(page, off, word, word & 0xFFFF0000)) {
                    break;
                }
                word = GrantEntryV1Layout.wordVolatile(page, off);
            }
            state[ref] = ALLOCATED;
            grantsByFrameNumber[grantedFrame[ref].number()]--;
            grantedFrame[ref] = null;
            granted--;
            return true;
        }
    }

    /**
     * Returns an allocated, not granted ref to the free list.
     *
     * @throws IllegalArgumentException if the ref is not allocated or still granted
     */
    public void freeRef(int ref) {
        synchronized (guestLock) {
            checkRef(ref);
            if (state[ref] == FREE) {
                throw new IllegalArgumentException("gref " + ref + " is not allocated (d" + domid + ")");
            }
            if (state[ref] == GRANTED) {
                throw new IllegalArgumentException("gref " + ref + " is still granted (d" + domid
                        + "); end access first");
            }
            state[ref] = FREE;
            freeRing[(freeHead + freeCount) % freeRing.length] = ref;
            freeCount++;
            allocated--;
        }
    }

    /** True if access through {@code ref} was granted and not ended (false for any out-of-range ref). */
    public boolean isGranted(int ref) {
        synchronized (guestLock) {
            return ref >= 0 && ref < state.length && state[ref] == GRANTED;
        }
    }

    /** True if the hypervisor holds the entry (GTF_reading or GTF_writing set): mapped or being copied. */
    public boolean inUse(int ref) {
        checkRef(ref);
        int word = GrantEntryV1Layout.wordVolatile(page(ref), GrantEntryV1Layout.offsetInFrame(ref));
        return (word & (GTF_READING | GTF_WRITING)) != 0;
    }

    /** The entry as it is in shared memory now. IAE if {@code ref} is outside the table. */
    public GrantEntryV1 entry(int ref) {
        checkRef(ref);
        return GrantEntryV1.decode(pageBufs[GrantEntryV1Layout.frameIndex(ref)], GrantEntryV1Layout.offsetInFrame(ref));
    }

    /** Refs whose access is granted and not ended. */
    public int grantedCount() {
        synchronized (guestLock) {
            return granted;
        }
    }

    /** Refs allocated and not freed (granted or not). */
    public int allocatedCount() {
        synchronized (guestLock) {
            return allocated;
        }
    }

    /** True if some ref of this table grants access to {@code frame} and access has not ended. */
    public boolean isFrameGranted(Frame frame) {
        if (frame == null || frame.owner().domid() != domid) {
            return false;
        }
        synchronized (guestLock) {
            int n = frame.number();
            return n < grantsByFrameNumber.length && grantsByFrameNumber[n] > 0
                    && liveFrames.apply(n) == frame;
        }
    }

    /** The nio view of the table frame holding {@code ref}; the caller checked {@code ref < size()}. */
    ByteBuffer page(int ref) {
        return pages[GrantEntryV1Layout.frameIndex(ref)];
    }

    private void checkRef(int ref) {
        int n = size;
        if (ref < 0 || ref >= n) {
            throw new IllegalArgumentException("gref " + ref + " outside the table of d" + domid + " (0.." + (n - 1)
                    + ")");
        }
    }

    /** Adds one frame of entries; false at the maximum. Caller holds guestLock. */
    private boolean grow() {
        int frames = pages.length;
        if (frames == maxFrames) {
            return false;
        }
        // grant table frames are hypervisor pages shared with the guest (Xen heap), not guest frames
        ByteBuffer page = ByteBuffer.allocateDirect(2 * GrantEntryV1Layout.FRAME_SIZE)
                .alignedSlice(GrantEntryV1Layout.FRAME_SIZE).slice(0, GrantEntryV1Layout.FRAME_SIZE);
        int oldSize = frames * ENTRIES_PER_FRAME;
        int newSize = oldSize + ENTRIES_PER_FRAME;
        state = Arrays.copyOf(state, newSize);
        grantedFrame = Arrays.copyOf(grantedFrame, newSize);
        int[] ring = new int[newSize];
        for (int i = 0; i < freeCount; i++) {
            ring[i] = freeRing[(freeHead + i) % freeRing.length];
        }
        int n = freeCount;
        for (int ref = Math.max(oldSize, RESERVED_ENTRIES); ref < newSize; ref++) {
            ring[n++] = ref;
        }
        freeRing = ring;
        freeHead = 0;
        freeCount = n;
        ByteBuffer[] p = Arrays.copyOf(pages, frames + 1);
        p[frames] = page;
        ByteBuf[] b = Arrays.copyOf(pageBufs, frames + 1);
        b[frames] = Unpooled.wrappedBuffer(page.duplicate());
        pageBufs = b;
        pages = p;
        size = newSize;
        return true;
    }

    @Override
    public String toString() {
        return "GrantTable{d" + domid + ", entries=" + size + ", allocated=" + allocatedCount() + ", granted="
                + grantedCount() + "}";
    }
}

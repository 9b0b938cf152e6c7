package dev.netifkit.netback;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import io.netty.buffer.ByteBuf;

/**
 * Backend memory for packets queued towards the guest: a pool of the backend's own frames. A packet of at most a
 * page is packed into the frame being filled (never straddling two frames); a larger one takes whole frames,
 * chained. So every RX data slot (≤ 4096 bytes, BK-14) is one grant copy from one local frame. Freed frames are
 * reused last-in first-out, which keeps the working set — and the copies — in cache.
 *
 * <p>A packet is named by a handle: {@code frameIndex << 12 | offset}.
 */
final class RxArena {
    private static final int PAGE = 4096;
    private static final int PAGE_SHIFT = 12;
    private static final int NONE = -1;

    private final Domain self;
    private final Frame[] frames;
    private final int[] refs;
    private final int[] next;
    private final int[] free;
    private int freeTop;
    private int allocated;
    private int open = NONE;
    private int openUsed;

    /**
     * @param frameCount the most frames the queue may use; they are allocated when first needed, so memory follows
     *                   the deepest the queue has been, not its bound
     */
    RxArena(Domain self, int frameCount) {
        this.self = self;
        this.frames = new Frame[frameCount];
        this.refs = new int[frameCount];
        this.next = new int[frameCount];
        this.free = new int[frameCount];
    }

    /** A free frame: a recycled one first (hot), else a new one while below the maximum; -1 when none. */
    private int takeFree() {
        if (freeTop > 0) {
            return free[--freeTop];
        }
        if (allocated < frames.length) {
            frames[allocated] = self.allocateFrame();
            return allocated++;
        }
        return -1;
    }

    private int available() {
        return freeTop + frames.length - allocated;
    }

    /**
     * Reserves room for a packet.
     *
     * @param length packet bytes, ≥ 1
     * @return the packet's handle, or -1 if no memory is left
     */
    int allocate(int length) {
        if (length <= PAGE) {
            if (open != NONE && openUsed + length <= PAGE) {
                int handle = open << PAGE_SHIFT | openUsed;
                openUsed += length;
                refs[open]++;
                return handle;
            }
            if (available() == 0) {
                return -1;
            }
            closeOpen();
            open = takeFree();
            openUsed = length;
            refs[open] = 1;
            next[open] = NONE;
            return open << PAGE_SHIFT;
        }
        int n = (length + PAGE - 1) >>> PAGE_SHIFT;
        if (available() < n) {
            return -1;
        }
        int first = takeFree();
        int f = first;
        refs[f] = 1;
        for (int i = 1; i < n; i++) {
            int g = takeFree();
            next[f] = g;
            refs[g] = 1;
            f = g;
        }
        next[f] = NONE;
        return first << PAGE_SHIFT;
    }

    /** The frame being filled stops taking packets; it is freed once its packets are gone. */
    private void closeOpen() {
        if (open != NONE && refs[open] == 0) {
            free[freeTop++] = open;
        }
        open = NONE;
    }

    /** Frees a packet's memory. */
    void release(int handle, int length) {
        int f = handle >>> PAGE_SHIFT;
        if (length <= PAGE) {
            if (--refs[f] == 0) {
                if (f == open) {
                    openUsed = 0; // empty again: refill it from the start, still hot
                } else {
                    free[freeTop++] = f;
                }
            }
            return;
        }
        while (f != NONE) {
            int g = next[f];
            refs[f] = 0;
            free[freeTop++] = f;
            f = g;
        }
    }

    /** Forgets every packet. */
    void clear() {
        freeTop = 0;
        for (int i = allocated - 1; i >= 0; i--) {
            refs[i] = 0;
            free[freeTop++] = i;
        }
        open = NONE;
    }

    /**
     * The frame holding chunk {@code chunk} (4096 bytes each) of a packet.
     *
     * @param handle the packet
     * @param chunk 0-based chunk
     * @return the frame
     */
    Frame frame(int handle, int chunk) {
        int f = handle >>> PAGE_SHIFT;
        for (int i = 0; i < chunk; i++) {
            f = next[f];
        }
        return frames[f];
    }

    /** @return where a packet's first byte sits in its first frame */
    static int offset(int handle) {
        return handle & (PAGE - 1);
    }

    /** Copies a packet's bytes into its reserved memory. */
    void write(int handle, ByteBuf src, int srcOffset, int length) {
        if (length <= PAGE) {
            frames[handle >>> PAGE_SHIFT].buf().setBytes(offset(handle), src, srcOffset, length);
            return;
        }
        int f = handle >>> PAGE_SHIFT;
        for (int done = 0; done < length; done += PAGE) {
            frames[f].buf().setBytes(0, src, srcOffset + done, Math.min(PAGE, length - done));
            f = next[f];
        }
    }

    void close() {
        for (int i = 0; i < allocated; i++) {
            self.freeFrame(frames[i]);
        }
    }
}

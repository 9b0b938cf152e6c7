package dev.netifkit.netback;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import io.netty.buffer.ByteBuf;

/**
 * Backend memory for packets queued towards the guest: a circular run of the backend's own frames, allocated
 * first-in first-out. A packet of at most a page never straddles two frames and a larger one starts on a frame,
 * so every RX data slot (≤ 4096 bytes, BK-14) is one grant copy from one local frame.
 */
final class RxArena {
    private static final int PAGE = 4096;

    private final Domain self;
    private final Frame[] frames;
    private final long capacity;
    private long head; // oldest byte still in use
    private long tail; // next free byte

    RxArena(Domain self, int frameCount) {
        this.self = self;
        this.frames = new Frame[frameCount];
        for (int i = 0; i < frameCount; i++) {
            frames[i] = self.allocateFrame();
        }
        this.capacity = (long) frameCount * PAGE;
    }

    /**
     * Reserves room for a packet.
     *
     * @param length packet bytes, ≥ 1
     * @return the packet's start position, or -1 if the arena is full
     */
    long allocate(int length) {
        long start = tail;
        int inFrame = (int) (start % PAGE);
        if (inFrame != 0 && (length > PAGE || inFrame + length > PAGE)) {
            start += PAGE - inFrame; // start on the next frame
        }
        long end = start + length;
        if (end - head > capacity) {
            return -1;
        }
        tail = end;
        return start;
    }

    /** Releases everything up to (not including) position {@code end}: the oldest packets, in order. */
    void release(long end) {
        head = end;
        if (head == tail) {
            head = tail = 0;
        }
    }

    void clear() {
        head = tail = 0;
    }

    /** @return the frame holding position {@code pos} */
    Frame frame(long pos) {
        return frames[(int) ((pos / PAGE) % frames.length)];
    }

    /** @return the offset of position {@code pos} within its frame */
    static int offset(long pos) {
        return (int) (pos % PAGE);
    }

    /** Copies packet bytes into the arena at {@code pos} (a packet's start from {@link #allocate}). */
    void write(long pos, ByteBuf src, int srcOffset, int length) {
        int done = 0;
        while (done < length) {
            long p = pos + done;
            int chunk = Math.min(length - done, PAGE - offset(p));
            frame(p).buf().setBytes(offset(p), src, srcOffset + done, chunk);
            done += chunk;
        }
    }

    void close() {
        for (Frame f : frames) {
            self.freeFrame(f);
        }
    }
}

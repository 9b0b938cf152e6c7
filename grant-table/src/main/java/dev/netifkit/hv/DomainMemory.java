package dev.netifkit.hv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A domain's frames: page-aligned direct memory carved from chunks, numbered from 1 (the number is the slot
 * index + 1 and stays with the memory), zeroed on free and reused. Thread-safe: the owner allocates and frees on
 * its context while other domains' hypercalls look frames up by number.
 */
final class DomainMemory {
    private static final int FIRST_CHUNK_FRAMES = 16;
    private static final int MAX_CHUNK_FRAMES = 256;

    private final Domain owner;
    private ByteBuffer[] slots = new ByteBuffer[FIRST_CHUNK_FRAMES];
    private Frame[] live = new Frame[FIRST_CHUNK_FRAMES];
    private int slotCount;
    private int[] freeSlots = new int[FIRST_CHUNK_FRAMES];
    private int freeCount;
    private int liveCount;
    private int nextChunkFrames = FIRST_CHUNK_FRAMES;

    DomainMemory(Domain owner) {
        this.owner = owner;
    }

    synchronized Frame allocate() {
        if (freeCount == 0) {
            addChunk();
        }
        int slot = freeSlots[--freeCount];
        ByteBuffer nio = slots[slot];
        ByteBuf buf = Unpooled.wrappedBuffer(nio.duplicate());
        Frame frame = new Frame(owner, slot + 1, nio, buf);
        live[slot] = frame;
        liveCount++;
        return frame;
    }

    /** Removes {@code frame} from the live set; false if it is not a live frame of this memory. */
    synchronized boolean free(Frame frame) {
        int slot = frame.number() - 1;
        if (slot < 0 || slot >= slotCount || live[slot] != frame) {
            return false;
        }
        live[slot] = null;
        liveCount--;
        frame.kill();
        zero(slots[slot]);
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
        }
        freeSlots[freeCount++] = slot;
        return true;
    }

    /** The live frame numbered {@code number}, or null (any int accepted: numbers come from shared memory). */
    synchronized Frame lookup(int number) {
        int slot = number - 1;
        return slot >= 0 && slot < slotCount ? live[slot] : null;
    }

    synchronized int liveCount() {
        return liveCount;
    }

    /** Kills every live frame (domain destruction). */
    synchronized List<Frame> releaseAll() {
        List<Frame> released = new ArrayList<>();
        for (int i = 0; i < slotCount; i++) {
            Frame f = live[i];
            if (f != null) {
                live[i] = null;
                f.kill();
                released.add(f);
            }
        }
        liveCount = 0;
        return released;
    }

    private void addChunk() {
        int n = nextChunkFrames;
        nextChunkFrames = Math.min(MAX_CHUNK_FRAMES, nextChunkFrames * 2);
        ByteBuffer chunk = ByteBuffer.allocateDirect(n * Frame.SIZE + Frame.SIZE).alignedSlice(Frame.SIZE);
        if (slotCount + n > slots.length) {
            int cap = Math.max(slots.length * 2, slotCount + n);
            slots = Arrays.copyOf(slots, cap);
            live = Arrays.copyOf(live, cap);
        }
        if (freeCount + n > freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, Math.max(freeSlots.length * 2, freeCount + n));
        }
        for (int i = 0; i < n; i++) {
            slots[slotCount + i] = chunk.slice(i * Frame.SIZE, Frame.SIZE);
        }
        // hand out lower numbers first: push in reverse so the stack pops ascending
        for (int i = n - 1; i >= 0; i--) {
            freeSlots[freeCount++] = slotCount + i;
        }
        slotCount += n;
    }

    private static void zero(ByteBuffer page) {
        for (int i = 0; i < Frame.SIZE; i += Long.BYTES) {
            page.putLong(i, 0L);
        }
    }
}

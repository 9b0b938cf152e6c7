package dev.netifkit.netfront;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;

/**
 * A stack of the frontend's own frames (the model's "skb pages"), allocated on first need up to a cap and reused
 * afterwards, so the steady state allocates nothing. Frames handed out come back with {@link #give}; a frame that
 * FR-3 leaked (its grant could not be ended) never comes back and is only counted.
 */
final class FramePool {
    private final Domain self;
    private final Frame[] stack;
    private int size;
    private int allocated;
    private int leaked;

    FramePool(Domain self, int cap) {
        this.self = self;
        this.stack = new Frame[cap];
    }

    /** Allocates {@code n} frames now (e.g. a full rx ring before Connected). */
    void prefill(int n) {
        while (allocated < n && allocated < stack.length) {
            stack[size++] = self.allocateFrame();
            allocated++;
        }
    }

    /** @return a frame, or null when the cap is reached and none is free */
    Frame take() {
        if (size > 0) {
            Frame f = stack[--size];
            stack[size] = null;
            return f;
        }
        if (allocated == stack.length) {
            return null;
        }
        allocated++;
        return self.allocateFrame();
    }

    /** @param f a frame from {@link #take} whose grant (if any) was ended */
    void give(Frame f) {
        stack[size++] = f;
    }

    /** Forgets a frame FR-3 leaked: it stays allocated, never reused. */
    void leak() {
        leaked++;
    }

    /** @return frames handed out and not given back (nor leaked) */
    int outstanding() {
        return allocated - size - leaked;
    }

    /** Frees every frame in the pool (those handed out must have come back first). */
    void freeAll() {
        while (size > 0) {
            Frame f = stack[--size];
            stack[size] = null;
            self.freeFrame(f);
            allocated--;
        }
    }
}

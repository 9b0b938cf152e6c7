package dev.netifkit.netfront;

/**
 * The tx request ids of one ring: a free list of 0..capacity−1 as an int stack, plus an in-flight flag per id so a
 * response naming an id that is not in flight (duplicate, unsolicited) or out of range is recognised (FR-2).
 * No allocation after construction.
 */
final class IdFreeList {
    private final int[] stack;
    private final boolean[] inFlight;
    private int free;

    /**
     * @param capacity ids 0..capacity−1, all free
     */
    IdFreeList(int capacity) {
        if (capacity < 1 || capacity > 0x10000) {
            throw new IllegalArgumentException("id capacity " + capacity + " outside 1..65536 (ids are u16)");
        }
        stack = new int[capacity];
        inFlight = new boolean[capacity];
        // pops give 0, 1, 2, ... first
        for (int i = 0; i < capacity; i++) {
            stack[i] = capacity - 1 - i;
        }
        free = capacity;
    }

    /** @return a free id, now in flight, or -1 when none is free */
    int allocate() {
        if (free == 0) {
            return -1;
        }
        int id = stack[--free];
        inFlight[id] = true;
        return id;
    }

    /**
     * Returns an id answered by the peer.
     *
     * @param id an id from a response (any value: it is peer input)
     * @return false if the id is out of range or not in flight (FR-2); nothing changed then
     */
    boolean release(int id) {
        if (id < 0 || id >= inFlight.length || !inFlight[id]) {
            return false;
        }
        inFlight[id] = false;
        stack[free++] = id;
        return true;
    }

    /**
     * Returns an id the caller checked with {@link #inFlight} (the datapath: no second check).
     *
     * @param id an id in flight
     */
    void releaseInFlight(int id) {
        inFlight[id] = false;
        stack[free++] = id;
    }

    /**
     * @param id any value
     * @return true if it is an id in flight
     */
    boolean inFlight(int id) {
        return id >= 0 && id < inFlight.length && inFlight[id];
    }

    /** @return ids that may be allocated now */
    int available() {
        return free;
    }

    /** @return ids in flight */
    int inFlightCount() {
        return stack.length - free;
    }

    /** @return the number of ids */
    int capacity() {
        return stack.length;
    }
}

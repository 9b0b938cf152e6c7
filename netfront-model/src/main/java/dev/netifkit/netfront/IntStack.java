package dev.netifkit.netfront;

/** A fixed-capacity stack of ints (buffer indices of a pool): no boxing, no allocation after construction. */
final class IntStack {
    private final int[] values;
    private int size;

    IntStack(int capacity) {
        values = new int[capacity];
    }

    /** @return the top value, removed, or -1 when empty */
    int pop() {
        return size == 0 ? -1 : values[--size];
    }

    /** @param v a value; the caller never pushes more than the capacity */
    void push(int v) {
        if (size == values.length) {
            throw new IllegalStateException("stack of " + values.length + " is full (pushing " + v + ")");
        }
        values[size++] = v;
    }

    /** @return values held */
    int size() {
        return size;
    }

    /** @return true if empty */
    boolean isEmpty() {
        return size == 0;
    }

    /** Empties the stack. */
    void clear() {
        size = 0;
    }
}

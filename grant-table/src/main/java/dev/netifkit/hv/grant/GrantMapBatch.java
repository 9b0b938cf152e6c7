package dev.netifkit.hv.grant;

/**
 * A reusable batch of grant map ops ({@code GNTTABOP_map_grant_ref}), preallocated for {@code capacity} ops and
 * submitted with {@link dev.netifkit.hv.Domain#mapGrants} as one hypercall. After submission each op has a handle
 * ({@link #handle(int)} ≥ 0) or a negative {@link GntStatus} ({@link #status(int)}).
 *
 * <p>Not thread-safe: one batch belongs to one domain's execution context.
 */
public final class GrantMapBatch {
    /** Result of an op that was added but not yet submitted. */
    public static final int NOT_SUBMITTED = Integer.MIN_VALUE;

    private final int capacity;
    private final int[] granter;
    private final int[] ref;
    private final boolean[] readonly;
    private final int[] result;
    private int size;

    /** A batch for up to {@code capacity} ops (1..65536). */
    public GrantMapBatch(int capacity) {
        if (capacity < 1 || capacity > 65536) {
            throw new IllegalArgumentException("capacity " + capacity + " outside 1..65536");
        }
        this.capacity = capacity;
        granter = new int[capacity];
        ref = new int[capacity];
        readonly = new boolean[capacity];
        result = new int[capacity];
    }

    /** Adds a map of {@code gref} of {@code granterDomid}. @return the op index; ISE when full */
    public int add(int granterDomid, int gref, boolean readonly) {
        if (size == capacity) {
            throw new IllegalStateException("grant map batch full (capacity " + capacity + ")");
        }
        int i = size++;
        granter[i] = granterDomid;
        ref[i] = gref;
        this.readonly[i] = readonly;
        result[i] = NOT_SUBMITTED;
        return i;
    }

    /** The op's result: a handle (≥ 0) on success, otherwise its negative status. */
    public int handle(int op) {
        checkOp(op);
        return result[op];
    }

    /** {@link GntStatus#OKAY} if op {@code op} mapped, else its negative status. */
    public int status(int op) {
        checkOp(op);
        return result[op] >= 0 ? GntStatus.OKAY : result[op];
    }

    /** Ops added since the last {@link #clear()}. */
    public int size() {
        return size;
    }

    /** Maximum number of ops. */
    public int capacity() {
        return capacity;
    }

    /** Empties the batch. */
    public void clear() {
        size = 0;
    }

    private void checkOp(int op) {
        if (op < 0 || op >= size) {
            throw new IllegalArgumentException("op " + op + " outside the batch (size " + size + ")");
        }
    }

    int granter(int i) {
        return granter[i];
    }

    int ref(int i) {
        return ref[i];
    }

    boolean readonly(int i) {
        return readonly[i];
    }

    void result(int i, int r) {
        result[i] = r;
    }
}

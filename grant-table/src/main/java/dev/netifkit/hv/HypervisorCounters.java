package dev.netifkit.hv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Operation counters of one domain, counted against the domain that makes the call (events delivered: against the
 * receiver). The hypervisor counts hypercalls and grant/event operations; a model reports what the hypervisor
 * cannot see through {@link #recordMemcpy} and {@link #recordNotificationSuppressed}.
 *
 * <p>Each counter is written only from the owning domain's execution context, so an increment is an opaque
 * read-modify-write without locks; {@link #snapshot()} may be taken from any thread.
 */
public final class HypervisorCounters {
    static final int HYPERCALLS = 0;
    static final int GRANT_COPY_OPS = 1;
    static final int GRANT_COPY_BYTES = 2;
    static final int GRANT_COPY_FAILURES = 3;
    static final int GRANT_MAPS = 4;
    static final int GRANT_UNMAPS = 5;
    static final int TLB_FLUSHES = 6;
    static final int MEMCPY_BYTES = 7;
    static final int NOTIFICATIONS_SENT = 8;
    static final int NOTIFICATIONS_SUPPRESSED = 9;
    static final int EVENTS_DELIVERED = 10;
    private static final int COUNT = 11;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] values = new long[COUNT];

    HypervisorCounters() {
    }

    void add(int counter, long delta) {
        SLOT.setOpaque(values, counter, (long) SLOT.getOpaque(values, counter) + delta);
    }

    private long get(int counter) {
        return (long) SLOT.getOpaque(values, counter);
    }

    /** A model copied {@code bytes} itself (e.g. through a persistent mapping). IAE if negative. */
    public void recordMemcpy(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("memcpy of " + bytes + " bytes (expected: >= 0)");
        }
        add(MEMCPY_BYTES, bytes);
    }

    /** A model decided not to notify its peer (the event index said the peer will look anyway). */
    public void recordNotificationSuppressed() {
        add(NOTIFICATIONS_SUPPRESSED, 1);
    }

    /** The current values. */
    public CounterSnapshot snapshot() {
        return new CounterSnapshot(get(HYPERCALLS), get(GRANT_COPY_OPS), get(GRANT_COPY_BYTES),
                get(GRANT_COPY_FAILURES), get(GRANT_MAPS), get(GRANT_UNMAPS), get(TLB_FLUSHES), get(MEMCPY_BYTES),
                get(NOTIFICATIONS_SENT), get(NOTIFICATIONS_SUPPRESSED), get(EVENTS_DELIVERED));
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}

package dev.netifkit.hv.sched;

/**
 * Where domains run: each domain has an execution context on which its event handlers, xenstore watch callbacks
 * and timers run, in FIFO order per domain. Two implementations: {@link DeterministicScheduler} (one thread, the
 * caller drives it, simulated time, seeded interleaving) and {@link ThreadedScheduler} (a thread per domain, real
 * monotonic time).
 */
public interface Scheduler {
    /** Current time in nanoseconds: simulated in deterministic mode, monotonic (arbitrary origin) otherwise. */
    long nowNanos();

    /** Runs {@code task} on domain {@code domid}'s execution context, after the tasks already queued for it. */
    void execute(int domid, Runnable task);

    /** Runs {@code task} on {@code domid}'s context once {@code delayNanos} (≥ 0) have passed. */
    Cancellable schedule(int domid, long delayNanos, Runnable task);

    /** True for the deterministic, caller-driven scheduler. */
    boolean deterministic();
}

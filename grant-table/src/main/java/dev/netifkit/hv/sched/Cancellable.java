package dev.netifkit.hv.sched;

/** A timer that can be cancelled; cancelling after it ran, or twice, does nothing. */
public interface Cancellable {
    /** Prevents the task from running if it has not started. */
    void cancel();
}

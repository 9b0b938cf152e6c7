package dev.netifkit.netback;

import dev.netifkit.hv.sched.Cancellable;
import dev.netifkit.hv.sched.Scheduler;

/**
 * Credit-based TX rate limit from the backend's xenstore {@code rate} key ("bytes,usec"), as netback's
 * tx_credit_exceeded: a packet is taken while credit remains; when it runs out, credit is replenished once per
 * window (to at least the size of the waiting packet, so a large packet is never starved), and the TX engine is
 * re-queued when the window ends. Time is the scheduler's (simulated in deterministic mode).
 */
final class CreditLimiter {
    private final long creditBytes;
    private final long windowNanos;
    private final Scheduler scheduler;
    private final int domid;
    private final Runnable resume;
    private long remaining;
    private long windowStart;
    private Cancellable timer;

    CreditLimiter(long creditBytes, long windowMicros, Scheduler scheduler, int domid, Runnable resume) {
        this.creditBytes = creditBytes;
        this.windowNanos = windowMicros * 1000L;
        this.scheduler = scheduler;
        this.domid = domid;
        this.resume = resume;
        this.remaining = creditBytes;
        this.windowStart = scheduler.nowNanos();
    }

    /**
     * Parses the {@code rate} key.
     *
     * @return a limiter, or null when the key is absent, malformed or zero (no limit, as netback does)
     */
    static CreditLimiter parse(String rate, Scheduler scheduler, int domid, Runnable resume) {
        if (rate == null) {
            return null;
        }
        String[] parts = rate.trim().split(",");
        if (parts.length != 2) {
            return null;
        }
        try {
            long bytes = Long.parseLong(parts[0].trim());
            long usec = Long.parseLong(parts[1].trim());
            if (bytes <= 0 || usec <= 0) {
                return null;
            }
            return new CreditLimiter(bytes, usec, scheduler, domid, resume);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return true if {@code size} bytes may be sent now (and takes them) */
    boolean take(int size) {
        if (size <= remaining) {
            remaining -= size;
            return true;
        }
        long now = scheduler.nowNanos();
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            remaining = Math.max(creditBytes, size);
            remaining -= size;
            return true;
        }
        if (timer == null) {
            timer = scheduler.schedule(domid, windowStart + windowNanos - now, () -> {
                timer = null;
                resume.run();
            });
        }
        return false;
    }

    void close() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}

package dev.netifkit.hv.sched;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Collects exceptions thrown by tasks so that they never kill a context and a harness can assert none escaped. */
final class TaskFailures {
    private static final Logger LOG = LoggerFactory.getLogger(TaskFailures.class);
    private static final int KEEP = 1000;

    private final AtomicLong count = new AtomicLong();
    private final List<Throwable> kept = new ArrayList<>();

    /** Runs {@code task}, recording what it throws (errors of the JVM itself propagate). */
    void runGuarded(int domid, Runnable task) {
        try {
            task.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            record(domid, task, t);
        }
    }

    private void record(int domid, Runnable task, Throwable t) {
        count.incrementAndGet();
        synchronized (kept) {
            if (kept.size() < KEEP) {
                kept.add(t);
            }
        }
        LOG.warn("task {} of d{} failed", Tasks.label(task), domid, t);
    }

    long count() {
        return count.get();
    }

    List<Throwable> list() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }
}

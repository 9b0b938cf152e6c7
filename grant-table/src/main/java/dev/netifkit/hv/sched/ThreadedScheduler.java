package dev.netifkit.hv.sched;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread per domain (created on first use, named {@code netifkit-d<domid>}), each running that domain's tasks
 * in FIFO order; real monotonic time; timers on one shared timer thread that hands each due task to its domain's
 * thread. Exceptions thrown by tasks are caught, counted, logged and kept; they never kill a domain's thread.
 * {@link #close()} stops every thread and joins them; tasks submitted after close are dropped (counted).
 */
public final class ThreadedScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadedScheduler.class);
    private static final Runnable POISON = Tasks.named("stop", () -> { });

    private final long origin = System.nanoTime();
    private final ConcurrentHashMap<Integer, Worker> workers = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final TaskFailures failures = new TaskFailures();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /** A scheduler with no domain threads yet. */
    public ThreadedScheduler() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "netifkit-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nowNanos() {
        return System.nanoTime() - origin;
    }

    @Override
    public void execute(int domid, Runnable task) {
        if (task == null) {
            throw new IllegalArgumentException("task for d" + domid + " is null");
        }
        if (closed) {
            dropped.incrementAndGet();
            return;
        }
        Worker w = workers.computeIfAbsent(domid, this::startWorker);
        w.queue.add(task);
    }

    @Override
    public Cancellable schedule(int domid, long delayNanos, Runnable task) {
        if (task == null || delayNanos < 0) {
            throw new IllegalArgumentException("timer for d" + domid + ": delay " + delayNanos
                    + " ns (expected: >= 0), task " + task);
        }
        ThreadedTimer t = new ThreadedTimer(domid, task);
        if (closed) {
            dropped.incrementAndGet();
            return t;
        }
        t.future = timer.schedule(t, delayNanos, TimeUnit.NANOSECONDS);
        return t;
    }

    @Override
    public boolean deterministic() {
        return false;
    }

    /** Number of tasks that threw. */
    public long taskFailures() {
        return failures.count();
    }

    /** What tasks threw (the first 1000). */
    public List<Throwable> failures() {
        return failures.list();
    }

    /** Tasks and timers submitted after {@link #close()}. */
    public long droppedAfterClose() {
        return dropped.get();
    }

    /** True if the calling thread is {@code domid}'s execution context. */
    public boolean onContext(int domid) {
        Worker w = workers.get(domid);
        return w != null && Thread.currentThread() == w;
    }

    /** Stops the timer and every domain thread after the tasks already queued, and joins them. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        for (Worker w : workers.values()) {
            w.queue.add(POISON);
        }
        boolean interrupted = false;
        for (Worker w : workers.values()) {
            if (w == Thread.currentThread()) {
                continue;
            }
            while (true) {
                try {
                    w.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Worker startWorker(int domid) {
        Worker w = new Worker(domid);
        w.start();
        return w;
    }

    private final class Worker extends Thread {
        final int domid;
        final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

        Worker(int domid) {
            super("netifkit-d" + domid);
            this.domid = domid;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                Runnable task;
                try {
                    task = queue.take();
                } catch (InterruptedException e) {
                    LOG.debug("d{} thread interrupted; still waiting for tasks until close", domid);
                    continue;
                }
                if (task == POISON) {
                    return;
                }
                failures.runGuarded(domid, task);
            }
        }
    }

    private final class ThreadedTimer implements Cancellable, Runnable {
        final int domid;
        final Runnable task;
        volatile boolean cancelled;
        volatile ScheduledFuture<?> future;

        ThreadedTimer(int domid, Runnable task) {
            this.domid = domid;
            this.task = task;
        }

        @Override
        public void run() {
            if (!cancelled) {
                execute(domid, this::fire);
            }
        }

        private void fire() {
            if (!cancelled) {
                task.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }

        @Override
        public String toString() {
            return "timer " + Tasks.label(task);
        }
    }
}

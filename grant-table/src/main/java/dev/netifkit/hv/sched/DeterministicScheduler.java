package dev.netifkit.hv.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A single-threaded scheduler driven by the caller, on simulated time: nothing reads the wall clock, so the same
 * seed gives the same run. Each domain has a FIFO of ready tasks; with seed 0 tasks run in strict global FIFO
 * order, with any other seed the next domain to run is picked with a {@link SplittableRandom} of that seed (each
 * domain's FIFO is kept), so interleavings vary with the seed and replay exactly.
 *
 * <p>Exceptions thrown by tasks are caught, counted and kept ({@link #failures()}). {@link #execute} and
 * {@link #schedule} may be called from any thread, but tasks run only inside {@link #runOne()},
 * {@link #runUntilIdle()} and {@link #advanceNanos(long)} on the calling thread.
 */
public final class DeterministicScheduler implements Scheduler {
    private final long seed;
    private final SplittableRandom random;
    private final List<DomainQueue> queues = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final TaskFailures failures = new TaskFailures();
    private final List<String> trace = new ArrayList<>();
    private long sequence;
    private volatile long now; // read without the lock: the datapath stamps packets with it
    private long ready;
    private boolean traceEnabled;

    /** A scheduler whose interleaving is fixed by {@code seed} (0 = strict FIFO). */
    public DeterministicScheduler(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The seed this scheduler was built with. */
    public long seed() {
        return seed;
    }

    @Override
    public long nowNanos() {
        return now;
    }

    @Override
    public synchronized void execute(int domid, Runnable task) {
        if (task == null) {
            throw new IllegalArgumentException("task for d" + domid + " is null");
        }
        queue(domid).add(task, sequence++);
        ready++;
    }

    @Override
    public synchronized Cancellable schedule(int domid, long delayNanos, Runnable task) {
        if (task == null || delayNanos < 0) {
            throw new IllegalArgumentException("timer for d" + domid + ": delay " + delayNanos
                    + " ns (expected: >= 0), task " + task);
        }
        Timer t = new Timer(now + delayNanos, sequence++, domid, task);
        timers.add(t);
        return t;
    }

    @Override
    public boolean deterministic() {
        return true;
    }

    /**
     * Runs one ready task.
     *
     * @return false if no task was ready
     */
    public boolean runOne() {
        Runnable task;
        int domid;
        synchronized (this) {
            DomainQueue q = pick();
            if (q == null) {
                return false;
            }
            task = q.poll();
            ready--;
            domid = q.domid;
            if (traceEnabled) {
                trace.add(now + " d" + domid + " " + Tasks.label(task));
            }
        }
        failures.runGuarded(domid, task);
        return true;
    }

    /** Runs ready tasks (including those they make ready) until none is left; returns how many ran. */
    public int runUntilIdle() {
        return runUntilIdle(Integer.MAX_VALUE);
    }

    /** Like {@link #runUntilIdle()}, but stops after {@code maxTasks} tasks (a guard against livelock). */
    public int runUntilIdle(int maxTasks) {
        if (maxTasks < 0) {
            throw new IllegalArgumentException("maxTasks " + maxTasks + " (expected: >= 0)");
        }
        int n = 0;
        while (n < maxTasks && runOne()) {
            n++;
        }
        return n;
    }

    /**
     * Runs the ready tasks, then moves the clock forward by {@code nanos}, firing due timers in time order (the
     * clock stands at each timer's due time while it and the tasks it makes ready run).
     */
    public void advanceNanos(long nanos) {
        advanceNanos(nanos, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #advanceNanos(long)}, but runs at most {@code maxTasks} tasks after each step of the clock (a
     * guard against a peer that keeps re-queueing itself from a timer).
     *
     * @param nanos how far to move the clock
     * @param maxTasks tasks allowed per step
     * @return false if a step hit the bound (tasks were still ready; the clock stands at that step's time)
     */
    public boolean advanceNanos(long nanos, int maxTasks) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot move the clock back by " + nanos + " ns");
        }
        if (!runBounded(maxTasks)) {
            return false;
        }
        long target;
        synchronized (this) {
            target = now + nanos;
        }
        while (true) {
            synchronized (this) {
                Timer t = timers.peek();
                if (t == null || t.due > target) {
                    now = target;
                    break;
                }
                timers.poll();
                if (t.cancelled) {
                    continue;
                }
                now = Math.max(now, t.due);
                queue(t.domid).add(t.task, sequence++);
                ready++;
            }
            if (!runBounded(maxTasks)) {
                return false;
            }
        }
        return runBounded(maxTasks);
    }

    private boolean runBounded(int maxTasks) {
        runUntilIdle(maxTasks);
        return pendingTasks() == 0;
    }

    /**
     * {@link #advanceNanos(long, int)} in milliseconds.
     *
     * @param millis how far to move the clock
     * @param maxTasks tasks allowed per step
     * @return false if a step hit the bound
     */
    public boolean advanceMillis(long millis, int maxTasks) {
        return advanceNanos(millis * 1_000_000L, maxTasks);
    }

    /** {@link #advanceNanos} in milliseconds. */
    public void advanceMillis(long millis) {
        advanceNanos(Math.multiplyExact(millis, 1_000_000L));
    }

    /** Ready tasks not yet run (timers not yet due are not counted). */
    public synchronized long pendingTasks() {
        return ready;
    }

    /** Timers not yet fired nor cancelled. */
    public synchronized int pendingTimers() {
        int n = 0;
        for (Timer t : timers) {
            if (!t.cancelled) {
                n++;
            }
        }
        return n;
    }

    /** Starts or stops recording {@link #trace()}. */
    public synchronized void setTraceEnabled(boolean enabled) {
        this.traceEnabled = enabled;
    }

    /** One line per task run while tracing: {@code <nanos> d<domid> <label>}. */
    public synchronized List<String> trace() {
        return List.copyOf(trace);
    }

    /** Number of tasks that threw. */
    public long taskFailures() {
        return failures.count();
    }

    /** What tasks threw (the first 1000). */
    public List<Throwable> failures() {
        return failures.list();
    }

    private DomainQueue queue(int domid) {
        for (DomainQueue q : queues) {
            if (q.domid == domid) {
                return q;
            }
        }
        DomainQueue q = new DomainQueue(domid);
        queues.add(q);
        return q;
    }

    private DomainQueue pick() {
        if (ready == 0) {
            return null;
        }
        if (seed == 0) {
            DomainQueue best = null;
            for (DomainQueue q : queues) {
                if (q.size > 0 && (best == null || q.headSequence() < best.headSequence())) {
                    best = q;
                }
            }
            return best;
        }
        int nonEmpty = 0;
        for (DomainQueue q : queues) {
            if (q.size > 0) {
                nonEmpty++;
            }
        }
        int k = random.nextInt(nonEmpty);
        for (DomainQueue q : queues) {
            if (q.size > 0 && k-- == 0) {
                return q;
            }
        }
        throw new IllegalStateException("ready count " + ready + " but no queue has a task");
    }

    /** A growable ring of (task, sequence) for one domain. */
    private static final class DomainQueue {
        final int domid;
        Runnable[] tasks = new Runnable[16];
        long[] sequences = new long[16];
        int head;
        int size;

        DomainQueue(int domid) {
            this.domid = domid;
        }

        void add(Runnable task, long seq) {
            if (size == tasks.length) {
                Runnable[] t = new Runnable[size * 2];
                long[] s = new long[size * 2];
                for (int i = 0; i < size; i++) {
                    t[i] = tasks[(head + i) % tasks.length];
                    s[i] = sequences[(head + i) % tasks.length];
                }
                tasks = t;
                sequences = s;
                head = 0;
            }
            int i = (head + size) % tasks.length;
            tasks[i] = task;
            sequences[i] = seq;
            size++;
        }

        long headSequence() {
            return sequences[head];
        }

        Runnable poll() {
            Runnable t = tasks[head];
            tasks[head] = null;
            head = (head + 1) % tasks.length;
            size--;
            return t;
        }

        @Override
        public String toString() {
            return "d" + domid + " (" + size + " ready)";
        }
    }

    private static final class Timer implements Cancellable, Comparable<Timer> {
        final long due;
        final long seq;
        final int domid;
        final Runnable task;
        volatile boolean cancelled;

        Timer(long due, long seq, int domid, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.domid = domid;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}

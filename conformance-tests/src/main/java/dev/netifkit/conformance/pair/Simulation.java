package dev.netifkit.conformance.pair;

import dev.netifkit.hv.CounterSnapshot;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.sched.Scheduler;
import dev.netifkit.netback.Netback;
import dev.netifkit.netback.NetbackSettings;
import dev.netifkit.netback.RxMeta;
import dev.netifkit.netfront.Netfront;
import dev.netifkit.netfront.TxMeta;
import dev.netifkit.netfront.TxResult;
import io.netty.buffer.ByteBuf;
import dev.netifkit.proto.ring.SlotWords;

import java.util.function.Consumer;

/**
 * Drives a {@link Pair} with test traffic and measures packets per second and the hypervisor cost per packet:
 * what {@code netif simulate} reports. Traffic generators run as tasks on the sending domain's context (the guest
 * for TX, the backend for RX) in batches, re-queueing themselves, so the deterministic scheduler interleaves them
 * with the datapath exactly as events dictate.
 */
public final class Simulation {
    private static final int BATCH = 256;
    private static final long PROGRESS_NANOS = 250_000_000L;
    private static final long WARMUP_NANOS = 400_000_000L;

    private Simulation() {
    }

    /**
     * Runs one simulation.
     *
     * @param spec what to run
     * @param progress called now and then with a one-line status (may be null)
     * @return the measurement
     * @throws IllegalStateException if the pair does not connect or a side breaks
     */
    public static SimulationResult run(SimulationSpec spec, Consumer<String> progress) {
        NetbackSettings backend = NetbackSettings.DEFAULTS.withMode(spec.mode());
        try (Pair pair = Pair.builder().backendSettings(backend).mode(spec.mode()).queues(spec.queues())
                .threaded(spec.threaded()).network(NetworkKind.SINK).build()) {
            pair.connect();
            // Warm up for a fixed time: cycle the rings and staged buffers and let the JIT compile the datapath
            // before measuring (the first packets of a fresh JVM run interpreted, 10-50x slower).
            drive(pair, spec, Long.MAX_VALUE, System.nanoTime() + WARMUP_NANOS, null);
            Domain[] domains = pair.hypervisor().domains().toArray(new Domain[0]);
            CounterSnapshot before = total(domains);
            long sent0 = pair.integrity().sent();
            long received0 = pair.integrity().received();
            long start = System.nanoTime();
            long deadline = spec.seconds() > 0 ? start + (long) (spec.seconds() * 1e9) : 0;
            drive(pair, spec, spec.seconds() > 0 ? Long.MAX_VALUE : spec.packets(), deadline, progress);
            long elapsed = System.nanoTime() - start;
            CounterSnapshot cost = total(domains).minus(before);
            Integrity in = pair.integrity();
            long received = in.received() - received0;
            long sent = in.sent() - sent0;
            double seconds = elapsed / 1e9;
            double pps = received / seconds;
            double n = Math.max(1, received);
            SimulationResult.PerPacket per = new SimulationResult.PerPacket(cost.hypercalls() / n,
                    cost.grantCopyOps() / n, cost.grantMaps() / n, cost.grantUnmaps() / n, cost.tlbFlushes() / n,
                    cost.memcpyBytes() / n, cost.notificationsSent() / n);
            return new SimulationResult(spec.mode(), spec.direction(), spec.frameBytes(), spec.queues(), received,
                    seconds, pps / 1e6, pps * spec.frameBytes() * 8 / 1e9, per, sent, received, in.corrupted(),
                    in.outOfOrder() + in.malformed());
        }
    }

    private static CounterSnapshot total(Domain[] domains) {
        CounterSnapshot s = CounterSnapshot.ZERO;
        for (Domain d : domains) {
            s = s.plus(d.counters().snapshot());
        }
        return s;
    }

    /** Moves {@code packets} (per direction) or until the deadline, then waits until all arrived. */
    private static void drive(Pair pair, SimulationSpec spec, long packets, long deadline, Consumer<String> progress) {
        Scheduler scheduler = pair.scheduler();
        Guest guest = pair.guest(0);
        Progress p = new Progress(pair, progress);
        TxGenerator tx = null;
        RxGenerator rx = null;
        if (spec.direction() != Direction.RX) {
            tx = new TxGenerator(pair, guest, spec.frameBytes(), packets, deadline, p);
            scheduler.execute(guest.domain().domid(), tx);
        }
        if (spec.direction() != Direction.TX) {
            rx = new RxGenerator(pair, guest, spec.frameBytes(), packets, deadline, p);
            scheduler.execute(Pair.BACKEND_DOMID, rx);
        }
        TxGenerator t = tx;
        RxGenerator r = rx;
        pair.await(() -> (t == null || t.done) && (r == null || r.done)
                && pair.integrity().received() == pair.integrity().sent(), "traffic");
        failIfBroken(pair);
        p.finish();
    }

    private static void failIfBroken(Pair pair) {
        Guest g = pair.guest(0);
        if (g.frontend().brokenReason() != null) {
            throw new IllegalStateException("frontend broke: " + g.frontend().brokenReason());
        }
        if (g.backend().violation() != null) {
            throw new IllegalStateException("backend stopped: " + g.backend().violation());
        }
    }

    /** Rate-limited progress reporting from whichever context is generating. */
    private static final class Progress {
        private final Pair pair;
        private final Consumer<String> sink;
        private long last = System.nanoTime();
        private final long start = last;

        Progress(Pair pair, Consumer<String> sink) {
            this.pair = pair;
            this.sink = sink;
        }

        void tick() {
            if (sink == null) {
                return;
            }
            long now = System.nanoTime();
            if (now - last >= PROGRESS_NANOS) {
                last = now;
                long received = pair.integrity().received();
                sink.accept(String.format("%,d packets, %.1f s", received, (now - start) / 1e9));
            }
        }

        void finish() {
            if (sink != null) {
                sink.accept(null);
            }
        }
    }

    /**
     * A traffic generator: a task on the sending domain's context that sends a batch, then re-queues itself behind
     * the datapath's tasks until its packets are sent or the deadline passed.
     */
    private abstract static class Generator implements Runnable {
        final Pair pair;
        final int length;
        final long mac;
        final int queues;
        final int flowBase;
        final ByteBuf frame;
        private final Scheduler scheduler;
        private final int domid;
        private final long deadline;
        private final Progress progress;
        long remaining;
        volatile boolean done;

        Generator(Pair pair, Guest guest, int domid, int flowBase, int length, long packets, long deadline,
                  Progress progress) {
            this.pair = pair;
            this.scheduler = pair.scheduler();
            this.domid = domid;
            this.length = length;
            this.mac = guest.mac();
            this.queues = pair.queues();
            this.flowBase = flowBase;
            this.deadline = deadline;
            this.progress = progress;
            this.remaining = packets;
            this.frame = SlotWords.scratch(length);
        }

        /** Sends one batch per queue, decrementing {@link #remaining}. */
        abstract void sendBatch(Integrity integrity);

        @Override
        public final void run() {
            sendBatch(pair.integrity());
            progress.tick();
            if (remaining > 0 && (deadline == 0 || System.nanoTime() < deadline)) {
                scheduler.execute(domid, this);
            } else {
                frame.release();
                done = true;
            }
        }
    }

    /** Guest transmit: frames written into netfront in batches, then flushed. */
    private static final class TxGenerator extends Generator {
        private final Netfront front;
        private final TxMeta meta = new TxMeta();

        TxGenerator(Pair pair, Guest guest, int length, long packets, long deadline, Progress progress) {
            super(pair, guest, guest.domain().domid(), pair.flow(guest.index(), 0), length, packets, deadline,
                    progress);
            this.front = guest.frontend();
        }

        @Override
        void sendBatch(Integrity integrity) {
            for (int q = 0; q < queues && remaining > 0; q++) {
                int flow = flowBase + q;
                for (int i = 0; i < BATCH && remaining > 0; i++) {
                    int seq = integrity.sent(flow);
                    TrafficFrame.write(frame, 0xFFFF_FFFF_FFFFL, mac, flow, seq, length);
                    int r = front.transmit(q, frame, 0, length, meta);
                    if (r != TxResult.OK) {
                        integrity.unsent(flow);
                        if (r != TxResult.RING_FULL) {
                            remaining = 0; // broken or disconnected: the caller reports why
                        }
                        break;
                    }
                    remaining--;
                }
                front.flush(q);
            }
        }
    }

    /** Guest receive: frames handed to netback while its queues have room. */
    private static final class RxGenerator extends Generator {
        private final Netback back;
        private final int limit;
        private final RxMeta meta = new RxMeta();

        RxGenerator(Pair pair, Guest guest, int length, long packets, long deadline, Progress progress) {
            super(pair, guest, Pair.BACKEND_DOMID, pair.rxFlow(guest.index(), 0), length, packets, deadline,
                    progress);
            this.back = guest.backend();
            // Keep each queue's backlog well under netback's 512 KiB bound: drops are not the point here.
            this.limit = Math.max(1, Math.min(512, NetbackSettings.DEFAULTS.rxQueueBytes() / (2 * length)));
        }

        @Override
        void sendBatch(Integrity integrity) {
            for (int q = 0; q < queues && remaining > 0; q++) {
                int flow = flowBase + q;
                int room = Math.min(BATCH, limit - back.queuedRx(q));
                for (int i = 0; i < room && remaining > 0; i++) {
                    int seq = integrity.sent(flow);
                    TrafficFrame.write(frame, mac, Pair.MAC_BASE, flow, seq, length);
                    if (!back.guestRx(q, frame, 0, length, meta)) {
                        integrity.unsent(flow);
                        break;
                    }
                    remaining--;
                }
            }
        }
    }
}

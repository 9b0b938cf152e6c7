package dev.netifkit.bench;

import dev.netifkit.conformance.pair.Guest;
import dev.netifkit.conformance.pair.NetworkKind;
import dev.netifkit.conformance.pair.Pair;
import dev.netifkit.conformance.pair.TrafficFrame;
import dev.netifkit.hv.sched.DeterministicScheduler;
import dev.netifkit.netback.DatapathMode;
import dev.netifkit.netback.Netback;
import dev.netifkit.netback.RxMeta;
import dev.netifkit.netfront.Netfront;
import dev.netifkit.netfront.TxResult;
import dev.netifkit.proto.ring.SlotWords;
import io.netty.buffer.ByteBuf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Packets per second through a netfront ↔ netback pair on the deterministic scheduler, per datapath mode and
 * direction, for 64-byte frames: the datapath alone (arriving packets are counted, not verified — {@code netif
 * simulate} verifies every byte). One operation is one packet; run with {@code -prof gc} to see the allocation
 * per packet (the goal is none in copy and staging mode; map mode allocates a view per mapping).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PairBenchmark {
    /** Packets per invocation: a ring's worth, as a busy guest sends them. */
    public static final int BURST = 224;

    @Param({"copy", "map", "staging"})
    public String mode;

    @Param({"tx", "rx"})
    public String direction;

    @Param({"64"})
    public int frame;

    private Pair pair;
    private DeterministicScheduler scheduler;
    private Netfront front;
    private Netback back;
    private int guestDomid;
    private ByteBuf buf;
    private final RxMeta meta = new RxMeta();
    private int flow;
    private int seq;
    private final Runnable txBurst = this::txBurst;
    private final Runnable rxBurst = this::rxBurst;

    /** A connected pair (staging negotiated in staging mode). */
    @Setup(Level.Trial)
    public void setup() {
        pair = Pair.builder().mode(DatapathMode.parse(mode)).network(NetworkKind.SINK).verify(false).build();
        pair.connect();
        scheduler = (DeterministicScheduler) pair.scheduler();
        Guest g = pair.guest(0);
        front = g.frontend();
        back = g.backend();
        guestDomid = g.domain().domid();
        buf = SlotWords.scratch(frame);
        flow = "tx".equals(direction) ? pair.flow(0, 0) : pair.rxFlow(0, 0);
        TrafficFrame.write(buf, g.mac(), g.mac(), flow, 0, frame);
    }

    /** Stops the pair. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pair.close();
    }

    /**
     * Moves {@value #BURST} packets and lets everything settle (responses consumed, buffers reposted).
     *
     * @return packets counted at the destination so far
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long burst() {
        if ("tx".equals(direction)) {
            scheduler.execute(guestDomid, txBurst);
        } else {
            scheduler.execute(Pair.BACKEND_DOMID, rxBurst);
        }
        scheduler.runUntilIdle();
        return pair.integrity().received();
    }

    private void txBurst() {
        for (int i = 0; i < BURST; i++) {
            buf.setIntLE(TrafficFrame.SEQ_OFFSET, seq++);
            if (front.transmit(0, buf, 0, frame, null) != TxResult.OK) {
                throw new IllegalStateException("ring full in a burst smaller than the ring");
            }
        }
        front.flush(0);
    }

    private void rxBurst() {
        for (int i = 0; i < BURST; i++) {
            buf.setIntLE(TrafficFrame.SEQ_OFFSET, seq++);
            if (!back.guestRx(0, buf, 0, frame, meta)) {
                throw new IllegalStateException("backend dropped a packet: " + back.counters());
            }
        }
    }
}

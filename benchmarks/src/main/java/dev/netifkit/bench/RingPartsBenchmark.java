package dev.netifkit.bench;

import dev.netifkit.proto.ring.BackRing;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.ring.RingGeometry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * Where {@link RingBenchmark}'s time goes: the pieces of a round trip measured alone — the full fence ring.h's
 * push-and-check needs (RING-6), a whole push, an acquire load of a producer index (RING-5), and the copy of a
 * tx slot out of the page (RING-8) through {@code ByteBuf.getBytes} against two word accesses (one 8-byte and one
 * 4-byte little-endian load and store), an alternative for a 12-byte slot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingPartsBenchmark {
    private ByteBuf page;
    private ByteBuf copy;
    private FrontRing front;
    private BackRing back;
    private int index;

    /** A fresh tx page with both ends attached, and a private slot buffer. */
    @Setup(Level.Trial)
    public void setup() {
        page = Unpooled.directBuffer(RingGeometry.TX.ringBytes(), RingGeometry.TX.ringBytes());
        page.writeZero(RingGeometry.TX.ringBytes());
        copy = Unpooled.directBuffer(RingGeometry.TX_SLOT_SIZE, RingGeometry.TX_SLOT_SIZE);
        copy.writeZero(RingGeometry.TX_SLOT_SIZE);
        front = FrontRing.init(page, RingGeometry.TX, 0);
        back = BackRing.attach(page, RingGeometry.TX, 0);
    }

    /** Returns the buffers to Netty. */
    @TearDown(Level.Trial)
    public void tearDown() {
        page.release();
        copy.release();
    }

    /** {@code xen_mb()}: the fence between publishing a producer and reading the peer's event index. */
    @Benchmark
    public void fullFence() {
        VarHandle.fullFence();
    }

    /** @return the notify decision of one {@code RING_PUSH_REQUESTS_AND_CHECK_NOTIFY} (release, fence, acquire) */
    @Benchmark
    public boolean pushRequests() {
        front.advanceRequests(1);
        return front.pushRequests();
    }

    /** @return req_prod, read with acquire order as a consumer does before reading slots */
    @Benchmark
    public int acquireRequestProducer() {
        return back.requestProducer();
    }

    /** @return the private copy of a slot, made by {@link BackRing#copyRequest} ({@code ByteBuf.getBytes}) */
    @Benchmark
    public ByteBuf copySlotGetBytes() {
        back.copyRequest(index++, copy, 0);
        return copy;
    }

    /** @return the private copy of a slot, made with one 8-byte and one 4-byte little-endian word */
    @Benchmark
    public ByteBuf copySlotWords() {
        int at = RingGeometry.TX.slotOffset(index++);
        copy.setLongLE(0, page.getLongLE(at));
        copy.setIntLE(Long.BYTES, page.getIntLE(at + Long.BYTES));
        return copy;
    }
}

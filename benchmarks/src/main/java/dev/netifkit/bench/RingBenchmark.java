package dev.netifkit.bench;

import dev.netifkit.proto.NetifRsp;
import dev.netifkit.proto.ring.BackRing;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.ring.RingGeometry;
import dev.netifkit.proto.ring.SlotWords;
import dev.netifkit.proto.tx.TxRequestFlyweight;
import dev.netifkit.proto.tx.TxResponseFlyweight;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
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
 * A tx request's round trip through a real {@link FrontRing}/{@link BackRing} pair on one direct page, on one
 * thread: the frontend writes the request and pushes (release store of req_prod, full fence, req_event check);
 * the backend reads req_prod (acquire), checks RING-9, copies the slot out (RING-8) and decodes the copy, writes a
 * response and pushes; the frontend reads rsp_prod, copies the response out and consumes it.
 *
 * <p>{@code roundTrip}: one request per push, the worst case (two pushes, so two full fences, per slot).
 * {@code roundTripBurst}: {@value #BURST} requests per push each way, as a busy frontend and backend batch them;
 * JMH divides by {@value #BURST}, so both report time per slot. {@code start}: indices from 0, or from 128 below
 * 2^32 so every run wraps through 2^32 (RING-3) at once.
 *
 * <p>The frontend's and the backend's work are separate, never-inlined methods, as they are separate code in
 * netfront and netback: compiled as one method, Netty's deep accessor chains exhaust C2's inlining node budget
 * (NodeCountInliningCutoff, seen with -XX:+PrintInlining) and the flyweight accessors after the cutoff become real
 * calls, which would measure the JIT's budget rather than the ring.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingBenchmark {
    /** Requests per push in {@link #roundTripBurst()}. */
    public static final int BURST = 32;

    @Param({"0", "4294967168"})
    public String start;

    private ByteBuf page;
    private ByteBuf backendCopy;
    private ByteBuf frontendCopy;
    private FrontRing front;
    private BackRing back;
    private final TxRequestFlyweight request = new TxRequestFlyweight();
    private final TxRequestFlyweight requestCopy = new TxRequestFlyweight();
    private final TxResponseFlyweight response = new TxResponseFlyweight();
    private final TxResponseFlyweight responseCopy = new TxResponseFlyweight();
    private int nextId;

    /** A fresh page at the start index, both ends attached, private copy buffers for each side. */
    @Setup(Level.Trial)
    public void setup() {
        page = Unpooled.directBuffer(RingGeometry.TX.ringBytes(), RingGeometry.TX.ringBytes());
        page.writeZero(RingGeometry.TX.ringBytes());
        front = FrontRing.init(page, RingGeometry.TX, Integer.parseUnsignedInt(start));
        back = BackRing.attachAtResponseProducer(page, RingGeometry.TX);
        backendCopy = Unpooled.directBuffer(RingGeometry.TX_SLOT_SIZE, RingGeometry.TX_SLOT_SIZE);
        backendCopy.writeZero(RingGeometry.TX_SLOT_SIZE);
        frontendCopy = Unpooled.directBuffer(RingGeometry.TX_SLOT_SIZE, RingGeometry.TX_SLOT_SIZE);
        frontendCopy.writeZero(RingGeometry.TX_SLOT_SIZE);
        if (!front.header().atomic()) {
            throw new IllegalStateException("the page is not 4-byte aligned: indices would not be atomic");
        }
    }

    /** Returns the buffers to Netty. */
    @TearDown(Level.Trial)
    public void tearDown() {
        page.release();
        backendCopy.release();
        frontendCopy.release();
    }

    /** @return a combination of what each side read, so nothing is dead code */
    @Benchmark
    public int roundTrip() {
        produce(1);
        boolean notifyBackend = front.pushRequests();
        int seen = consumeAndRespond(1);
        boolean notifyFrontend = back.pushResponses();
        return seen + consumeResponses(1) + (notifyBackend ? 1 : 0) + (notifyFrontend ? 2 : 0);
    }

    /** @return a combination of what each side read */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int roundTripBurst() {
        produce(BURST);
        boolean notifyBackend = front.pushRequests();
        int seen = consumeAndRespond(BURST);
        boolean notifyFrontend = back.pushResponses();
        return seen + consumeResponses(BURST) + (notifyBackend ? 1 : 0) + (notifyFrontend ? 2 : 0);
    }

    /**
     * The measure: produce + consume of tx requests as the datapath does it, {@value #BURST} per push —
     * the frontend writes each slot with two stores ({@link SlotWords}), publishes with the push-and-check; the
     * backend reads req_prod once (acquire), checks RING-9 and copies each slot out with two loads. The backend
     * answers the whole burst with one bookkeeping step so the ring never fills.
     *
     * @return a combination of what the backend read
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public int produceConsumeBurst() {
        producePacked(BURST);
        boolean notifyBackend = front.pushRequests();
        int seen = consumePacked(BURST);
        back.advanceResponses(BURST);
        back.pushResponses();
        front.consumeResponses(BURST);
        return seen + (notifyBackend ? 1 : 0);
    }

    /** Frontend: {@code n} 64-byte requests written as two words each. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private void producePacked(int n) {
        for (int i = 0; i < n; i++) {
            SlotWords.writeTxRequest(page, front.nextRequestOffset(), 8 + nextId, 0, 0, nextId, 64);
            front.advanceRequests(1);
            nextId = (nextId + 1) & 0xFFFF;
        }
    }

    /** Backend: {@code n} requests copied out as two loads each (RING-8) and decoded. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private int consumePacked(int n) {
        int prod = back.requestProducer();
        if (back.requestProdOverflow(prod)) {
            throw new IllegalStateException("RING-9 overflow in a well-behaved benchmark: " + back);
        }
        int seen = 0;
        for (int i = 0; i < n; i++) {
            int at = back.geometry().slotOffset(back.reqCons());
            long head = SlotWords.readTxRequestHead(page, at);
            int tail = SlotWords.readTxRequestTail(page, at);
            back.consumeRequests(1);
            seen += SlotWords.txGref(head) + SlotWords.txSize(tail) + SlotWords.txId(tail);
        }
        return seen ^ prod;
    }

    /** Frontend: {@code n} 64-byte requests from req_prod_pvt on. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private void produce(int n) {
        for (int i = 0; i < n; i++) {
            request.wrap(page, front.nextRequestOffset()).gref(8 + nextId).offset(0).flags(0).id(nextId).size(64);
            front.advanceRequests(1);
            nextId = (nextId + 1) & 0xFFFF;
        }
    }

    /** Backend: consume {@code n} requests as netback does, answering each OKAY. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private int consumeAndRespond(int n) {
        int prod = back.requestProducer();
        if (back.requestProdOverflow(prod)) {
            throw new IllegalStateException("RING-9 overflow in a well-behaved benchmark: " + back);
        }
        int seen = 0;
        for (int i = 0; i < n; i++) {
            back.copyRequest(back.reqCons(), backendCopy, 0);
            back.consumeRequests(1);
            TxRequestFlyweight r = requestCopy.wrap(backendCopy, 0);
            seen += r.size() + r.gref();
            response.wrap(page, back.nextResponseOffset()).id(r.id()).status(NetifRsp.OKAY);
            back.advanceResponses(1);
        }
        return seen ^ prod;
    }

    /** Frontend: consume {@code n} responses. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private int consumeResponses(int n) {
        int prod = front.responseProducer();
        int seen = 0;
        for (int i = 0; i < n; i++) {
            front.copyResponse(front.rspCons(), frontendCopy, 0);
            front.consumeResponses(1);
            TxResponseFlyweight r = responseCopy.wrap(frontendCopy, 0);
            seen += r.id() ^ r.status();
        }
        return seen ^ prod;
    }
}

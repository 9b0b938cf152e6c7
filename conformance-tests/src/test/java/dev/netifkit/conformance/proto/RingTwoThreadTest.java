package dev.netifkit.conformance.proto;

import dev.netifkit.proto.ring.BackRing;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.ring.RingGeometry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * RING-5: a frontend thread and a backend thread stream millions of requests and responses through one shared
 * page (indices starting just below 2^32) using only the ring's acquire/release indices; every request and
 * response must arrive exactly once, in order, with its payload intact.
 */
class RingTwoThreadTest {
    private static final int COUNT = 2_000_000;
    private static final long HANG_GUARD_NANOS = 120_000_000_000L;

    /** Spin briefly, then give the core away: CI machines have two cores and other work on them. */
    private static void idle(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    @Test
    void ring5_twoThreadsStreamWithoutLossDuplicationOrReordering() throws Exception {
        RingGeometry geometry = RingGeometry.of(8, 4096);
        ByteBuf page = Unpooled.directBuffer(4096).writeZero(4096);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + HANG_GUARD_NANOS;
        try {
            FrontRing front = FrontRing.init(page, geometry, -1000);
            BackRing back = BackRing.attachAtResponseProducer(page, geometry);
            Thread backend = new Thread(() -> {
                ByteBuf copy = Unpooled.buffer(8).writeZero(8);
                try {
                    int expected = 0;
                    int idleSpins = 0;
                    while (expected < COUNT && failure.get() == null && System.nanoTime() < deadline) {
                        int n = back.unconsumedRequests();
                        if (n == 0) {
                            idle(++idleSpins);
                            continue;
                        }
                        idleSpins = 0;
                        for (int i = 0; i < n; i++) {
                            back.copyRequest(back.reqCons(), copy, 0);
                            int seq = copy.getIntLE(0);
                            if (seq != expected || copy.getIntLE(4) != ~seq) {
                                throw new AssertionError("request " + expected + " arrived as " + seq);
                            }
                            back.consumeRequests(1);
                            int at = back.nextResponseOffset();
                            page.setIntLE(at, seq);
                            page.setIntLE(at + 4, seq * 31);
                            back.advanceResponses(1);
                            expected++;
                        }
                        back.pushResponses();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    copy.release();
                }
            }, "backend");
            backend.start();

            ByteBuf copy = Unpooled.buffer(8).writeZero(8);
            int produced = 0;
            int answered = 0;
            int frontIdle = 0;
            try {
                while (answered < COUNT && failure.get() == null && System.nanoTime() < deadline) {
                    while (produced < COUNT && front.freeRequests() > 0) {
                        int at = front.nextRequestOffset();
                        page.setIntLE(at, produced);
                        page.setIntLE(at + 4, ~produced);
                        front.advanceRequests(1);
                        produced++;
                        if ((produced & 31) == 0) {
                            front.pushRequests();
                        }
                    }
                    front.pushRequests();
                    int n = front.unconsumedResponses();
                    if (n == 0) {
                        idle(++frontIdle);
                    } else {
                        frontIdle = 0;
                    }
                    for (int i = 0; i < n; i++) {
                        front.copyResponse(front.rspCons(), copy, 0);
                        int seq = copy.getIntLE(0);
                        if (seq != answered || copy.getIntLE(4) != seq * 31) {
                            throw new AssertionError("response " + answered + " arrived as " + seq);
                        }
                        front.consumeResponses(1);
                        answered++;
                    }
                }
            } finally {
                copy.release();
            }
            backend.join();
            assertNull(failure.get(), () -> "backend failed: " + failure.get());
            assertEquals(COUNT, answered, "responses received before the hang guard");
            assertEquals(front.reqProdPvt(), front.rspCons());
            assertEquals(-1000 + COUNT, front.rspCons());
        } finally {
            page.release();
        }
    }
}

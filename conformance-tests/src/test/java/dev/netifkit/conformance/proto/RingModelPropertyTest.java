package dev.netifkit.conformance.proto;

import dev.netifkit.conformance.gen.WireGen;
import dev.netifkit.conformance.property.Gen;
import dev.netifkit.conformance.property.Property;
import dev.netifkit.conformance.property.Shrinker;
import dev.netifkit.proto.ring.BackRing;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.ring.RingGeometry;
import dev.netifkit.proto.ring.SringHeaderLayout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RING-3..RING-9: random sequences of produce / push / consume / respond / final-check on rings of several sizes,
 * starting anywhere (often a few hundred below 2^32), compared step by step with a plain reference model of the
 * ring.h macros written with 64-bit arithmetic masked to 32 bits. Every request carries a sequence number that
 * the consumer checks (no loss, duplication or reordering), and the run fails if wrap-around through 2^32 or a
 * full ring never came up.
 */
class RingModelPropertyTest {
    private static final long M = 0xFFFF_FFFFL;

    enum Kind { PRODUCE, PUSH_REQUESTS, CONSUME_REQUESTS, RESPOND, PUSH_RESPONSES, CONSUME_RESPONSES,
        FINAL_CHECK_REQUESTS, FINAL_CHECK_RESPONSES }

    record Op(Kind kind, int n) {
        @Override
        public String toString() {
            return kind + (n > 0 ? "(" + n + ")" : "");
        }
    }

    record Trial(int entries, int start, List<Op> ops) {
        @Override
        public String toString() {
            return "entries=" + entries + " start=" + Integer.toUnsignedString(start) + " ops=" + ops;
        }
    }

    private static int wraps;
    private static int fulls;

    /** The reference: ring.h's macros with unsigned 64-bit arithmetic reduced mod 2^32. */
    private static final class Model {
        final long size;
        long reqProd;
        long reqEvent;
        long rspProd;
        long rspEvent;
        long reqProdPvt;
        long rspCons;
        long reqCons;
        long rspProdPvt;

        Model(int entries, int start) {
            size = entries;
            long s = start & M;
            reqProd = rspProd = reqProdPvt = rspCons = reqCons = rspProdPvt = s;
            reqEvent = rspEvent = (s + 1) & M;
        }

        static long sub(long a, long b) {
            return (a - b) & M;
        }

        long free() {
            return (size - sub(reqProdPvt, rspCons)) & M;
        }

        long unconsumedRequests() {
            return Math.min(sub(reqProd, reqCons), (size - sub(reqCons, rspProdPvt)) & M);
        }

        long unconsumedResponses() {
            return sub(rspProd, rspCons);
        }

        static boolean notify(long old, long now, long event) {
            return sub(now, event) < sub(now, old);
        }
    }

    static Gen<Trial> trials() {
        return r -> {
            int entries = new int[] {1, 2, 4, 32, 128, 256}[r.nextInt(6)];
            int start = WireGen.ringIndex().next(r);
            int length = r.nextInt(1, 400);
            List<Op> ops = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                Kind k = Kind.values()[r.nextInt(Kind.values().length)];
                int n = (k == Kind.PRODUCE || k == Kind.CONSUME_REQUESTS || k == Kind.RESPOND
                        || k == Kind.CONSUME_RESPONSES) ? r.nextInt(1, entries + 3) : 0;
                ops.add(new Op(k, n));
            }
            return new Trial(entries, start, ops);
        };
    }

    @Test
    void ring3to9_ringsBehaveLikeTheMacrosFromAnyStartIndex() {
        wraps = 0;
        fulls = 0;
        Property.forAll("ring model", trials(),
                t -> Shrinker.<Op>list().candidates(t.ops()).stream()
                        .map(ops -> new Trial(t.entries(), t.start(), ops)).toList(),
                300, RingModelPropertyTest::run);
        assertTrue(wraps > 0, "coverage: no run wrapped an index through 2^32");
        assertTrue(fulls > 0, "coverage: no run filled the ring");
    }

    private static void run(Trial t) {
        RingGeometry geometry = RingGeometry.of(8, SringHeaderLayout.LENGTH + 8 * t.entries());
        ByteBuf page = Unpooled.directBuffer(geometry.ringBytes()).writeZero(geometry.ringBytes());
        ByteBuf copy = Unpooled.buffer(8).writeZero(8);
        try {
            FrontRing front = FrontRing.init(page, geometry, t.start());
            BackRing back = BackRing.attachAtResponseProducer(page, geometry);
            Model m = new Model(t.entries(), t.start());
            int nextSeq = 0;
            int expectRequestSeq = 0;
            int expectResponseSeq = 0;
            List<Integer> consumedUnanswered = new ArrayList<>();
            int step = 0;
            for (Op op : t.ops()) {
                String at = "step " + step + " " + op + ": ";
                switch (op.kind()) {
                    case PRODUCE: {
                        assertEquals(m.free(), Integer.toUnsignedLong(front.freeRequests()), at + "free requests");
                        long n = Math.min(op.n(), m.free());
                        if (m.free() == 0) {
                            fulls++;
                        }
                        for (int i = 0; i < n; i++) {
                            page.setIntLE(front.nextRequestOffset(), nextSeq++);
                            front.advanceRequests(1);
                            m.reqProdPvt = (m.reqProdPvt + 1) & M;
                        }
                        if (m.free() == 0) {
                            fulls++;
                        }
                        break;
                    }
                    case PUSH_REQUESTS: {
                        boolean expected = Model.notify(m.reqProd, m.reqProdPvt, m.reqEvent);
                        if (m.reqProdPvt < m.reqProd) {
                            wraps++;
                        }
                        m.reqProd = m.reqProdPvt;
                        assertEquals(expected, front.pushRequests(), at + "notify");
                        break;
                    }
                    case CONSUME_REQUESTS: {
                        assertEquals(m.unconsumedRequests(), Integer.toUnsignedLong(back.unconsumedRequests()),
                                at + "unconsumed requests");
                        long n = Math.min(op.n(), m.unconsumedRequests());
                        for (int i = 0; i < n; i++) {
                            back.copyRequest(back.reqCons(), copy, 0);
                            assertEquals(expectRequestSeq++, copy.getIntLE(0), at + "request sequence");
                            consumedUnanswered.add(copy.getIntLE(0));
                            back.consumeRequests(1);
                            m.reqCons = (m.reqCons + 1) & M;
                        }
                        break;
                    }
                    case RESPOND: {
                        int n = Math.min(op.n(), consumedUnanswered.size());
                        for (int i = 0; i < n; i++) {
                            page.setIntLE(back.nextResponseOffset(), consumedUnanswered.remove(0));
                            back.advanceResponses(1);
                            m.rspProdPvt = (m.rspProdPvt + 1) & M;
                        }
                        break;
                    }
                    case PUSH_RESPONSES: {
                        boolean expected = Model.notify(m.rspProd, m.rspProdPvt, m.rspEvent);
                        if (m.rspProdPvt < m.rspProd) {
                            wraps++;
                        }
                        m.rspProd = m.rspProdPvt;
                        assertEquals(expected, back.pushResponses(), at + "notify");
                        break;
                    }
                    case CONSUME_RESPONSES: {
                        assertEquals(m.unconsumedResponses(), Integer.toUnsignedLong(front.unconsumedResponses()),
                                at + "unconsumed responses");
                        long n = Math.min(op.n(), m.unconsumedResponses());
                        for (int i = 0; i < n; i++) {
                            front.copyResponse(front.rspCons(), copy, 0);
                            assertEquals(expectResponseSeq++, copy.getIntLE(0), at + "response sequence");
                            front.consumeResponses(1);
                            m.rspCons = (m.rspCons + 1) & M;
                        }
                        break;
                    }
                    case FINAL_CHECK_REQUESTS: {
                        boolean work = m.unconsumedRequests() != 0;
                        if (!work) {
                            m.reqEvent = (m.reqCons + 1) & M;
                            work = m.unconsumedRequests() != 0;
                        }
                        assertEquals(work, back.finalCheckForRequests(), at + "work");
                        break;
                    }
                    case FINAL_CHECK_RESPONSES: {
                        boolean work = m.unconsumedResponses() != 0;
                        if (!work) {
                            m.rspEvent = (m.rspCons + 1) & M;
                            work = m.unconsumedResponses() != 0;
                        }
                        assertEquals(work, front.finalCheckForResponses(), at + "work");
                        break;
                    }
                    default:
                        throw new IllegalStateException(op.toString());
                }
                assertEquals(m.reqProd, Integer.toUnsignedLong(page.getIntLE(SringHeaderLayout.REQ_PROD_OFFSET)),
                        at + "req_prod");
                assertEquals(m.reqEvent, Integer.toUnsignedLong(page.getIntLE(SringHeaderLayout.REQ_EVENT_OFFSET)),
                        at + "req_event");
                assertEquals(m.rspProd, Integer.toUnsignedLong(page.getIntLE(SringHeaderLayout.RSP_PROD_OFFSET)),
                        at + "rsp_prod");
                assertEquals(m.rspEvent, Integer.toUnsignedLong(page.getIntLE(SringHeaderLayout.RSP_EVENT_OFFSET)),
                        at + "rsp_event");
                assertTrue(Model.sub(m.reqProdPvt, m.rspCons) <= m.size, at + "RING-7: more than size outstanding");
                step++;
            }
        } finally {
            page.release();
            copy.release();
        }
    }
}

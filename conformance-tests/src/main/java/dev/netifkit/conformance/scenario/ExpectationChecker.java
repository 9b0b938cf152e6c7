package dev.netifkit.conformance.scenario;

import dev.netifkit.conformance.scripted.RingKind;
import dev.netifkit.conformance.scripted.ScriptedFrontend;
import dev.netifkit.conformance.spi.BackendStatus;
import dev.netifkit.conformance.spi.TransmittedPacket;
import dev.netifkit.hv.CounterSnapshot;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.proto.CtrlStatus;
import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.RxFlags;
import dev.netifkit.proto.ctrl.CtrlResponse;
import dev.netifkit.proto.ctrl.GrefLayout;
import dev.netifkit.proto.extra.ExtraInfo;
import dev.netifkit.proto.extra.ExtraInfoFlyweight;
import dev.netifkit.proto.extra.ExtraInfoLayout;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.rx.RxResponse;
import dev.netifkit.proto.tx.TxResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Checks expectation objects against the world (SCENARIOS.md "Expectations"). "Since the last check" is a cursor
 * per key (and per queue for the ring keys); responses are read from the shared pages between the cursor and the
 * published producer, each slot decoded from a private copy (RING-8).
 */
final class ExpectationChecker {
    private final ScriptedFrontend frontend;
    private final Domain backendDomain;
    private final Supplier<BackendStatus> status;
    private final List<TransmittedPacket> transmitted;
    private final int queues;
    private final int[] txCursor;
    private final int[] rxCursor;
    private final int[] rxCountCursor;
    private int ctrlCursor;
    private int transmittedCursor;
    private CounterSnapshot counterBase;

    ExpectationChecker(ScriptedFrontend frontend, Domain backendDomain, Supplier<BackendStatus> status,
                       List<TransmittedPacket> transmitted) {
        this.frontend = frontend;
        this.backendDomain = backendDomain;
        this.status = status;
        this.transmitted = transmitted;
        this.queues = frontend.setup().queues();
        this.txCursor = new int[queues];
        this.rxCursor = new int[queues];
        this.rxCountCursor = new int[queues];
        resetRingCursors();
        startCounterInterval();
    }

    /** After a (re)connection: the rings start over at their start indices. */
    void resetRingCursors() {
        Arrays.fill(txCursor, frontend.startIndex(RingKind.TX));
        Arrays.fill(rxCursor, frontend.startIndex(RingKind.RX));
        Arrays.fill(rxCountCursor, frontend.startIndex(RingKind.RX));
        ctrlCursor = frontend.startIndex(RingKind.CTRL);
    }

    /** Starts a new {@code counters} interval. */
    void startCounterInterval() {
        counterBase = backendDomain.counters().snapshot();
    }

    /**
     * Checks expectation objects in order.
     *
     * @param label {@code step N (action)} or {@code end}
     * @param expectations the objects
     * @param diffs where differences go
     */
    void check(String label, List<Expectation> expectations, List<String> diffs) {
        for (Expectation e : expectations) {
            String q = queues > 1 || e.queue() != 0 ? " (queue " + e.queue() + ")" : "";
            if (e.device() != null || e.fatalClause() != null) {
                device(label, e, diffs);
            }
            if (e.txRspProd() != null) {
                rspProd(label, "tx_rsp_prod" + q, frontend.ring(RingKind.TX, e.queue()), e.txRspProd(), diffs);
            }
            if (e.txResponses() != null) {
                txResponses(label + ": tx_responses" + (e.ordered() ? " (ordered)" : "") + q, e, diffs);
            }
            if (e.rxRspProd() != null) {
                rspProd(label, "rx_rsp_prod" + q, frontend.ring(RingKind.RX, e.queue()), e.rxRspProd(), diffs);
            }
            if (e.rxResponses() != null) {
                rxResponses(label + ": rx_responses" + q, e, diffs);
            }
            if (e.rxResponsesCount() != null) {
                rxCount(label + ": rx_responses_count" + q, e, diffs);
            }
            if (e.transmitted() != null) {
                transmitted(label + ": transmitted", e.transmitted(), diffs);
            }
            if (e.guestPages() != null) {
                guestPages(label + ": guest_pages", e.guestPages(), diffs);
            }
            if (e.grefListStatus() != null) {
                grefListStatus(label + ": gref_list_status", e.grefListStatus(), diffs);
            }
            if (e.ctrlRspProd() != null) {
                rspProd(label, "ctrl_rsp_prod", frontend.ring(RingKind.CTRL, 0), e.ctrlRspProd(), diffs);
            }
            if (e.ctrlResponses() != null) {
                ctrlResponses(label + ": ctrl_responses", e.ctrlResponses(), diffs);
            }
            if (e.counters() != null) {
                counters(label + ": counters", e.counters(), diffs);
            }
        }
    }

    // ---- device --------------------------------------------------------------------------------------------

    static String deviceName(BackendStatus s) {
        return s == null || s.state() == null ? "unknown" : s.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    static String describe(BackendStatus s) {
        String name = deviceName(s);
        if (s != null && (s.clause() != null || s.reason() != null)) {
            name += " (" + (s.clause() == null ? "no clause" : s.clause()) + ": " + s.reason() + ")";
        }
        return name;
    }

    private void device(String label, Expectation e, List<String> diffs) {
        BackendStatus s = status.get();
        if (e.device() != null && !e.device().equals(deviceName(s))) {
            diffs.add(label + ": device: expected " + e.device() + ", actual " + describe(s));
        }
        if (e.fatalClause() != null) {
            String clause = s == null ? null : s.clause();
            if (!e.fatalClause().equals(clause)) {
                diffs.add(label + ": fatal_clause: expected " + e.fatalClause() + ", actual "
                        + (clause == null ? "none" : clause) + " (device " + describe(s) + ")");
            }
        }
    }

    // ---- rings -----------------------------------------------------------------------------------------------

    private static void rspProd(String label, String key, FrontRing ring, int expected, List<String> diffs) {
        int actual = ring.responseProducer();
        if (actual != expected) {
            diffs.add(label + ": " + key + ": expected " + Render.u32(expected) + ", actual " + Render.u32(actual));
        }
    }

    /**
     * How many slots to read from {@code cursor} to the published producer; a producer more than a ring ahead (or
     * behind) is reported (RING-9) and clamped.
     */
    private static int window(String what, FrontRing ring, int cursor, int prod, List<String> diffs) {
        int n = prod - cursor;
        if (Integer.compareUnsigned(n, ring.size()) > 0) {
            diffs.add(what + ": rsp_prod moved from " + Render.u32(cursor) + " to " + Render.u32(prod)
                    + ", more than the ring's " + ring.size() + " entries or backwards (RING-9)");
            return n < 0 ? 0 : ring.size();
        }
        return n;
    }

    private static ByteBuf copySlot(FrontRing ring, int index) {
        byte[] copy = new byte[ring.geometry().slotSize()];
        ring.page().getBytes(ring.requestOffset(index), copy);
        return Unpooled.wrappedBuffer(copy);
    }

    private void txResponses(String what, Expectation e, List<String> diffs) {
        FrontRing ring = frontend.ring(RingKind.TX, e.queue());
        int prod = ring.responseProducer();
        int n = window(what, ring, txCursor[e.queue()], prod, diffs);
        List<TxResponse> actual = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            actual.add(TxResponse.decode(copySlot(ring, txCursor[e.queue()] + i), 0));
        }
        txCursor[e.queue()] = prod;
        List<Expectation.TxResponse> expected = e.txResponses();
        List<String> exp = new ArrayList<>();
        expected.forEach(x -> exp.add(Render.txResponse(x)));
        List<String> act = new ArrayList<>();
        actual.forEach(a -> act.add(Render.txResponse(a.id(), a.status())));
        if (e.ordered()) {
            int first = -1;
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                if (i >= expected.size() || i >= actual.size() || !fits(expected.get(i), actual.get(i))) {
                    first = i;
                    break;
                }
            }
            if (first >= 0) {
                diffs.add(what + ": response " + first + ": expected "
                        + (first < exp.size() ? exp.get(first) : "none") + ", actual "
                        + (first < act.size() ? act.get(first) : "none") + " (expected " + Render.list(exp)
                        + ", actual " + Render.list(act) + ")");
            }
            return;
        }
        multiset(what, expected, actual, ExpectationChecker::fits, exp, act, diffs);
    }

    private static boolean fits(Expectation.TxResponse e, TxResponse a) {
        return (e.status() == null || e.status().matches(a.status())) && (e.id() == null || e.id() == a.id());
    }

    private static <E, A> void multiset(String what, List<E> expected, List<A> actual,
                                        java.util.function.BiPredicate<E, A> fits, List<String> exp, List<String> act,
                                        List<String> diffs) {
        int[] pairing = Matching.match(expected, actual, fits);
        List<String> missing = new ArrayList<>();
        boolean[] used = new boolean[actual.size()];
        for (int i = 0; i < pairing.length; i++) {
            if (pairing[i] < 0) {
                missing.add(exp.get(i));
            } else {
                used[pairing[i]] = true;
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (int a = 0; a < used.length; a++) {
            if (!used[a]) {
                unexpected.add(act.get(a));
            }
        }
        if (missing.isEmpty() && unexpected.isEmpty()) {
            return;
        }
        diffs.add(what + ": expected " + Render.list(exp) + ", actual " + Render.list(act) + " ("
                + (missing.isEmpty() ? "" : "missing " + Render.list(missing))
                + (missing.isEmpty() || unexpected.isEmpty() ? "" : "; ")
                + (unexpected.isEmpty() ? "" : "unexpected " + Render.list(unexpected)) + ")");
    }

    /** An rx ring slot as read: a data response, or an extra-info slot (its 8 bytes). */
    private record RxRead(RxResponse data, byte[] extra) {
        String render() {
            if (data != null) {
                return Render.rxData(data.id(), data.offset(), data.flags(), data.status());
            }
            return "{extra " + ExtraInfo.decode(Unpooled.wrappedBuffer(extra), 0) + "}";
        }
    }

    private void rxResponses(String what, Expectation e, List<String> diffs) {
        FrontRing ring = frontend.ring(RingKind.RX, e.queue());
        int start = rxCursor[e.queue()];
        int prod = ring.responseProducer();
        int n = window(what, ring, start, prod, diffs);
        rxCursor[e.queue()] = prod;
        List<RxRead> actual = new ArrayList<>(n);
        ExtraInfoFlyweight flyweight = new ExtraInfoFlyweight();
        int i = 0;
        while (i < n) {
            ByteBuf slot = copySlot(ring, start + i++);
            RxResponse data = RxResponse.decode(slot, 0);
            actual.add(new RxRead(data, null));
            // RX-3: extra-info slots follow a response flagged extra_info, chained by XEN_NETIF_EXTRA_FLAG_MORE
            boolean more = (data.flags() & RxFlags.EXTRA_INFO) != 0;
            while (more && i < n) {
                ByteBuf x = copySlot(ring, start + i++);
                byte[] raw = new byte[ExtraInfoLayout.LENGTH];
                x.getBytes(0, raw);
                actual.add(new RxRead(null, raw));
                more = (flyweight.wrap(x, 0).flags() & NetifConstants.EXTRA_FLAG_MORE) != 0;
            }
        }
        List<Expectation.RxSlot> expected = e.rxResponses();
        List<String> exp = new ArrayList<>();
        for (Expectation.RxSlot s : expected) {
            exp.add(s instanceof Expectation.RxData ? Render.rxData((Expectation.RxData) s)
                    : "{extra " + ((Expectation.RxExtra) s).extra() + "}");
        }
        List<String> act = new ArrayList<>();
        actual.forEach(a -> act.add(a.render()));
        for (int k = 0; k < Math.max(expected.size(), actual.size()); k++) {
            if (k >= expected.size() || k >= actual.size() || !fits(expected.get(k), actual.get(k))) {
                diffs.add(what + ": slot " + k + " (ring index " + Render.u32(start + k) + "): expected "
                        + (k < exp.size() ? exp.get(k) : "no more slots") + ", actual "
                        + (k < act.size() ? act.get(k) : "no more slots") + " (expected " + expected.size()
                        + " slot(s) " + Render.list(exp) + ", actual " + actual.size() + " " + Render.list(act) + ")");
                return;
            }
        }
    }

    private static boolean fits(Expectation.RxSlot e, RxRead a) {
        if (e instanceof Expectation.RxExtra) {
            if (a.extra == null) {
                return false;
            }
            byte[] want = new byte[ExtraInfoLayout.LENGTH];
            ((Expectation.RxExtra) e).extra().encode(Unpooled.wrappedBuffer(want), 0);
            return Arrays.equals(want, a.extra);
        }
        if (a.data == null) {
            return false;
        }
        Expectation.RxData d = (Expectation.RxData) e;
        return (d.id() == null || d.id() == a.data.id()) && (d.offset() == null || d.offset() == a.data.offset())
                && (d.flags() == null || d.flags() == a.data.flags())
                && (d.status() == null || d.status().matches(a.data.status()));
    }

    private void rxCount(String what, Expectation e, List<String> diffs) {
        FrontRing ring = frontend.ring(RingKind.RX, e.queue());
        int prod = ring.responseProducer();
        int actual = prod - rxCountCursor[e.queue()];
        rxCountCursor[e.queue()] = prod;
        if (actual != e.rxResponsesCount()) {
            diffs.add(what + ": expected " + Render.u32(e.rxResponsesCount()) + ", actual " + Render.u32(actual));
        }
    }

    private void ctrlResponses(String what, List<Expectation.CtrlResponse> expected, List<String> diffs) {
        FrontRing ring = frontend.ring(RingKind.CTRL, 0);
        int prod = ring.responseProducer();
        int n = window(what, ring, ctrlCursor, prod, diffs);
        List<CtrlResponse> actual = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            actual.add(CtrlResponse.decode(copySlot(ring, ctrlCursor + i), 0));
        }
        ctrlCursor = prod;
        List<String> exp = new ArrayList<>();
        expected.forEach(x -> exp.add(Render.ctrlResponse(x)));
        List<String> act = new ArrayList<>();
        actual.forEach(a -> act.add(Render.ctrlResponse(a.id(), a.type(), a.status(), a.data())));
        multiset(what, expected, actual, (x, a) -> (x.id() == null || x.id() == a.id())
                && (x.type() == null || x.type() == a.type()) && (x.status() == null || x.status() == a.status())
                && (x.data() == null || x.data() == a.data()), exp, act, diffs);
    }

    // ---- the network side and memory ---------------------------------------------------------------------

    private void transmitted(String what, List<Expectation.Packet> expected, List<String> diffs) {
        List<TransmittedPacket> actual = new ArrayList<>(transmitted.subList(transmittedCursor, transmitted.size()));
        transmittedCursor = transmitted.size();
        for (int k = 0; k < Math.max(expected.size(), actual.size()); k++) {
            if (k >= expected.size()) {
                diffs.add(what + ": expected " + expected.size() + " packet(s), actual " + actual.size()
                        + ": unexpected packet " + k + " " + actual.get(k));
                return;
            }
            if (k >= actual.size()) {
                diffs.add(what + ": expected " + expected.size() + " packet(s), actual " + actual.size()
                        + ": missing packet " + k + " (" + Render.bytes(expected.get(k).data()) + ")");
                return;
            }
            String d = packetDifference(expected.get(k), actual.get(k));
            if (d != null) {
                diffs.add(what + ": packet " + k + ": " + d);
                return;
            }
        }
    }

    private static String packetDifference(Expectation.Packet e, TransmittedPacket a) {
        byte[] data = a.data();
        int at = Render.firstDifference(e.data(), data);
        if (at >= 0 || e.data().length != data.length) {
            String where = at >= 0 ? "byte " + at + " expected " + Render.hexByte(e.data()[at]) + ", actual "
                    + Render.hexByte(data[at]) : "length expected " + e.data().length + ", actual " + data.length;
            return "data differs: " + where + " (expected " + Render.bytes(e.data()) + ", actual " + Render.bytes(data)
                    + ")";
        }
        if (e.csumBlank() != null && e.csumBlank() != a.csumBlank()) {
            return "csum_blank expected " + e.csumBlank() + ", actual " + a.csumBlank();
        }
        if (e.dataValidated() != null && e.dataValidated() != a.dataValidated()) {
            return "data_validated expected " + e.dataValidated() + ", actual " + a.dataValidated();
        }
        if (e.gso() != null) {
            Expectation.Gso g = e.gso();
            boolean none = g.type() != null && g.type() == 0;
            boolean ok = none ? a.gsoType() == 0 : (g.type() == null || g.type() == a.gsoType())
                    && (g.size() == null || g.size() == a.gsoSize());
            if (!ok) {
                return "gso expected " + gso(g.type(), g.size()) + ", actual "
                        + gso(a.gsoType(), a.gsoType() == 0 ? null : a.gsoSize());
            }
        }
        if (e.hash() != null) {
            Expectation.Hash h = e.hash();
            if (h == Expectation.Hash.NONE) {
                if (a.hashed()) {
                    return "hash expected none, actual " + hash(a.hashType(), a.hash());
                }
            } else if (!a.hashed() || h.type() != null && h.type() != a.hashType()
                    || h.value() != null && h.value() != a.hash()) {
                return "hash expected " + hash(h.type(), h.value()) + ", actual "
                        + (a.hashed() ? hash(a.hashType(), a.hash()) : "none");
            }
        }
        return null;
    }

    private static String gso(Integer type, Integer size) {
        if (type != null && type == 0) {
            return "none";
        }
        return "{type " + (type == null ? "*" : GsoType.nameOf(type).toLowerCase(java.util.Locale.ROOT)) + ", size "
                + (size == null ? "*" : size) + "}";
    }

    private static String hash(Integer type, Integer value) {
        return "{type " + (type == null ? "*" : type) + ", value " + (value == null ? "*" : Render.u32(value)) + "}";
    }

    private Frame page(int gref) {
        Frame f = frontend.page(gref);
        if (f == null) {
            throw new IllegalStateException("gref " + gref + " has no page (the parser checks this)");
        }
        return f;
    }

    private void guestPages(String what, List<Expectation.Page> expected, List<String> diffs) {
        for (Expectation.Page p : expected) {
            byte[] actual = new byte[p.data().length];
            page(p.gref()).buf().getBytes(p.at(), actual);
            int at = Render.firstDifference(p.data(), actual);
            if (at >= 0) {
                diffs.add(what + ": gref " + p.gref() + " at " + p.at() + ": byte " + (p.at() + at) + " expected "
                        + Render.hexByte(p.data()[at]) + ", actual " + Render.hexByte(actual[at]) + " (expected "
                        + Render.bytes(p.data()) + ", actual " + Render.bytes(actual) + ")");
            }
        }
    }

    private void grefListStatus(String what, List<Expectation.GrefStatus> expected, List<String> diffs) {
        for (Expectation.GrefStatus g : expected) {
            ByteBuf buf = page(g.gref()).buf();
            List<String> act = new ArrayList<>();
            int first = -1;
            for (int i = 0; i < g.status().size(); i++) {
                int s = buf.getUnsignedShortLE(i * GrefLayout.LENGTH + GrefLayout.STATUS_OFFSET);
                act.add(Integer.toString(s));
                if (first < 0 && s != g.status().get(i)) {
                    first = i;
                }
            }
            if (first >= 0) {
                int s = Integer.parseInt(act.get(first));
                diffs.add(what + ": gref " + g.gref() + ": entry " + first + " status expected " + g.status().get(first)
                        + " (" + CtrlStatus.nameOf(g.status().get(first)) + "), actual " + s + " ("
                        + CtrlStatus.nameOf(s) + ") (expected " + g.status() + ", actual " + Render.list(act) + ")");
            }
        }
    }

    private void counters(String what, Map<String, Expectation.CounterBound> expected, List<String> diffs) {
        CounterSnapshot now = backendDomain.counters().snapshot();
        Map<String, Long> delta = now.minus(counterBase).asMap();
        counterBase = now;
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Expectation.CounterBound> c : expected.entrySet()) {
            long actual = delta.get(c.getKey());
            if (!c.getValue().matches(actual)) {
                wrong.add(c.getKey() + " expected " + c.getValue() + ", actual " + actual);
            }
        }
        if (!wrong.isEmpty()) {
            diffs.add(what + ": " + String.join("; ", wrong));
        }
    }
}

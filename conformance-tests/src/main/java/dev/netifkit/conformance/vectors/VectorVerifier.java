package dev.netifkit.conformance.vectors;

import dev.netifkit.proto.Hex;
import dev.netifkit.proto.HashType;
import dev.netifkit.proto.hash.HashInput;
import dev.netifkit.proto.hash.Toeplitz;
import dev.netifkit.proto.ring.BackRing;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.ring.RingArith;
import dev.netifkit.proto.ring.RingGeometry;
import dev.netifkit.proto.ring.SringHeader;
import dev.netifkit.proto.ring.SringHeaderLayout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Phase 2 of vector verification: checks every case of a {@code netif-abi-vectors/1} file against the project's
 * own code — struct cases in both directions through the layouts, ring predicates through {@link RingArith}, the
 * notify and final-check rules and whole ring pages through real {@link FrontRing}/{@link BackRing} objects on a
 * direct page, Toeplitz and packet hashes through netif-proto's hash code.
 */
public final class VectorVerifier {
    /** Rings larger than this many entries are checked by the predicates alone, without allocating a page. */
    private static final int MAX_MATERIALISED_ENTRIES = 1 << 16;

    private VectorVerifier() {
    }

    /**
     * Verifies a parsed file.
     *
     * @param file the cases
     * @return per-kind counts and every failure
     */
    public static VectorReport verify(VectorFile file) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        List<VectorReport.Failure> failures = new ArrayList<>();
        for (VectorCase c : file.cases()) {
            String difference;
            try {
                difference = check(c);
            } catch (RuntimeException e) {
                difference = "check threw " + e;
            }
            int[] n = counts.computeIfAbsent(c.kind(), k -> new int[2]);
            if (difference == null) {
                n[0]++;
            } else {
                n[1]++;
                failures.add(new VectorReport.Failure(c.index(), c.kind(), difference, c.json()));
            }
        }
        Map<String, VectorReport.Counts> perKind = new LinkedHashMap<>();
        counts.forEach((k, v) -> perKind.put(k, new VectorReport.Counts(v[0], v[1])));
        return new VectorReport(file.name(), perKind, failures);
    }

    /**
     * Checks one case.
     *
     * @param c the case
     * @return null if it holds, else what differed
     */
    static String check(VectorCase c) {
        if (c instanceof VectorCase.Struct s) {
            return struct(s);
        } else if (c instanceof VectorCase.RingSize s) {
            int got = RingGeometry.entriesFor(s.slotSize(), s.bytes());
            return got == s.entries() ? null : "entries: expected " + s.entries() + ", got " + got;
        } else if (c instanceof VectorCase.RingArith a) {
            return ringArith(a);
        } else if (c instanceof VectorCase.PushNotify p) {
            return pushNotify(p);
        } else if (c instanceof VectorCase.FinalCheck f) {
            return finalCheck(f);
        } else if (c instanceof VectorCase.Sring s) {
            return sring(s);
        } else if (c instanceof VectorCase.Toeplitz t) {
            int got = Toeplitz.hash(t.key(), t.key().length, t.data());
            return got == t.hash() ? null : "hash: expected " + u32(t.hash()) + ", got " + u32(got);
        } else if (c instanceof VectorCase.PacketHash p) {
            return packetHash(p);
        }
        throw new IllegalStateException("unhandled case type " + c.getClass());
    }

    private static String struct(VectorCase.Struct s) {
        ByteBuf buf = Unpooled.buffer(s.struct().length());
        try {
            buf.writeZero(s.struct().length());
            s.struct().encode(s.fields(), buf);
            byte[] encoded = new byte[s.struct().length()];
            buf.getBytes(0, encoded);
            if (!Arrays.equals(encoded, s.hex())) {
                return "encode " + s.fields() + ": expected " + Hex.encode(s.hex()) + ", got " + Hex.encode(encoded);
            }
        } finally {
            buf.release();
        }
        ByteBuf in = Unpooled.wrappedBuffer(s.hex());
        try {
            Object decoded = s.struct().decode(in);
            return decoded.equals(s.fields()) ? null
                    : "decode " + Hex.encode(s.hex()) + ": expected " + s.fields() + ", got " + decoded;
        } finally {
            in.release();
        }
    }

    private static String ringArith(VectorCase.RingArith a) {
        int[] x = a.args();
        long got;
        switch (a.op()) {
            case "free_requests":
                got = Integer.toUnsignedLong(RingArith.freeRequests(a.size(), x[0], x[1]));
                break;
            case "unconsumed_responses":
                got = Integer.toUnsignedLong(RingArith.unconsumedResponses(x[0], x[1]));
                break;
            case "unconsumed_requests":
                got = Integer.toUnsignedLong(RingArith.unconsumedRequests(a.size(), x[0], x[1], x[2]));
                break;
            case "request_cons_overflow":
                got = RingArith.requestConsOverflow(a.size(), x[0], x[1]) ? 1 : 0;
                break;
            case "request_prod_overflow":
                got = RingArith.requestProdOverflow(a.size(), x[0], x[1]) ? 1 : 0;
                break;
            case "response_prod_overflow":
                got = RingArith.responseProdOverflow(a.size(), x[0], x[1]) ? 1 : 0;
                break;
            default:
                throw new IllegalStateException("unhandled op " + a.op());
        }
        if (got == a.result()) {
            return null;
        }
        return a.op() + ": expected " + (a.booleanResult() ? a.result() == 1 : a.result()) + ", got "
                + (a.booleanResult() ? got == 1 : got);
    }

    /** Moves a real producer from old to new on a page whose event index is set, and pushes. */
    private static String pushNotify(VectorCase.PushNotify p) {
        ByteBuf page = Unpooled.directBuffer(4096).writeZero(4096);
        try {
            SringHeader header = new SringHeader(page);
            boolean notify;
            int published;
            if (p.requests()) {
                header.reqEvent(p.event());
                FrontRing front = FrontRing.attach(page, RingGeometry.TX, p.old());
                front.advanceRequests(p.now() - p.old());
                notify = front.pushRequests();
                published = header.reqProd();
            } else {
                header.rspEvent(p.event());
                BackRing back = BackRing.attach(page, RingGeometry.TX, p.old());
                back.advanceResponses(p.now() - p.old());
                notify = back.pushResponses();
                published = header.rspProd();
            }
            if (published != p.now()) {
                return "published producer: expected " + u32(p.now()) + ", got " + u32(published);
            }
            return notify == p.notifies() ? null : "notify: expected " + p.notifies() + ", got " + notify;
        } finally {
            page.release();
        }
    }

    /** Runs the final check of a real ring of the case's size (predicates alone for huge or odd sizes). */
    private static String finalCheck(VectorCase.FinalCheck f) {
        int[] a = f.args();
        boolean materialise = Integer.bitCount(f.size()) == 1
                && Integer.compareUnsigned(f.size(), MAX_MATERIALISED_ENTRIES) <= 0;
        boolean work;
        int after;
        if (!materialise) {
            if (f.requests()) {
                work = RingArith.unconsumedRequests(f.size(), a[0], a[1], a[2]) != 0;
                after = work ? a[3] : a[1] + 1;
            } else {
                work = RingArith.unconsumedResponses(a[0], a[1]) != 0;
                after = work ? a[2] : a[1] + 1;
            }
        } else {
            RingGeometry geometry = RingGeometry.of(RingGeometry.RX_SLOT_SIZE,
                    SringHeaderLayout.LENGTH + f.size() * RingGeometry.RX_SLOT_SIZE);
            ByteBuf page = Unpooled.directBuffer(geometry.ringBytes()).writeZero(geometry.ringBytes());
            try {
                SringHeader header = new SringHeader(page);
                if (f.requests()) {
                    header.reqProd(a[0]);
                    header.reqEvent(a[3]);
                    BackRing back = BackRing.attach(page, geometry, a[1]);
                    back.restore(a[1], a[2]);
                    work = back.finalCheckForRequests();
                    after = header.reqEvent();
                } else {
                    header.rspProd(a[0]);
                    header.rspEvent(a[2]);
                    FrontRing front = FrontRing.attach(page, geometry, a[1]);
                    work = front.finalCheckForResponses();
                    after = header.rspEvent();
                }
            } finally {
                page.release();
            }
        }
        if (work != f.work()) {
            return "work: expected " + f.work() + ", got " + work;
        }
        String event = f.requests() ? "req_event" : "rsp_event";
        return after == f.eventAfter() ? null
                : event + " after: expected " + u32(f.eventAfter()) + ", got " + u32(after);
    }

    /** Builds the page the way the C program did: initialise at start, produce the burst, push with the check. */
    private static String sring(VectorCase.Sring s) {
        RingGeometry geometry = RingGeometry.of(s.slotSize(), s.bytes());
        ByteBuf page = Unpooled.directBuffer(s.bytes()).writeZero(s.bytes());
        try {
            FrontRing front = FrontRing.init(page, geometry, s.start());
            boolean notify;
            if ("netif_rx".equals(s.ring())) {
                front.header().reqProd(s.reqProd());
                front.header().rspEvent(s.rspEvent());
                BackRing back = BackRing.attach(page, geometry, s.start());
                for (Object response : s.entries()) {
                    s.entryKind().encode(response, page.slice(back.nextResponseOffset(), s.slotSize()));
                    back.advanceResponses(1);
                }
                notify = back.pushResponses();
            } else {
                for (Object request : s.entries()) {
                    s.entryKind().encode(request, page.slice(front.nextRequestOffset(), s.slotSize()));
                    front.advanceRequests(1);
                }
                notify = front.pushRequests();
            }
            byte[] got = new byte[s.bytes()];
            page.getBytes(0, got);
            if (!Arrays.equals(got, s.hex())) {
                int at = 0;
                while (got[at] == s.hex()[at]) {
                    at++;
                }
                return "page differs first at byte " + at + " (slot area starts at 64): expected "
                        + Hex.encode(s.hex(), at, Math.min(16, s.bytes() - at)) + "…, got "
                        + Hex.encode(got, at, Math.min(16, s.bytes() - at)) + "…";
            }
            return notify == s.notifies() ? null : "notify: expected " + s.notifies() + ", got " + notify;
        } finally {
            page.release();
        }
    }

    private static String packetHash(VectorCase.PacketHash p) {
        ByteBuf packet = Unpooled.wrappedBuffer(p.packet());
        try {
            byte[] input = new byte[HashType.MAX_INPUT_LENGTH];
            int n = HashInput.build(p.hashType(), packet, 0, p.packet().length, input);
            if (n < 0) {
                return "no " + p.hashType() + " hash input could be built from the packet";
            }
            int got = Toeplitz.hash(p.key(), p.key().length, input, n);
            return got == p.hash() ? null : "hash: expected " + u32(p.hash()) + ", got " + u32(got);
        } finally {
            packet.release();
        }
    }

    private static String u32(int v) {
        return Integer.toUnsignedString(v);
    }
}

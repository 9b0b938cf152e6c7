package dev.netifkit.conformance.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.netifkit.conformance.scripted.FrontendSetup;
import dev.netifkit.conformance.scripted.RingKind;
import dev.netifkit.conformance.scripted.ScriptedFrontend;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.sched.DeterministicScheduler;
import dev.netifkit.hv.xenstore.DevicePaths;
import dev.netifkit.hv.xenstore.Toolstack;
import dev.netifkit.netback.DatapathMode;
import dev.netifkit.netback.DeviceState;
import dev.netifkit.netback.Netback;
import dev.netifkit.netback.NetbackSettings;
import dev.netifkit.netback.RxMeta;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.Gref;
import dev.netifkit.proto.extra.RawExtra;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.ring.SlotWords;
import dev.netifkit.proto.rx.RxRequest;
import dev.netifkit.proto.tx.TxRequest;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A hostile frontend driven by fuzzer bytes against the reference netback: raw and structured tx/rx/ctrl slots,
 * producers moved anywhere, packets from the network, time passing. After every step the backend must have run to
 * idle without an exception escaping, without an internal error, without writing a page it was not given writable
 * access to, and — unless it declared the frontend fatal with a SPEC clause — without answering more requests than
 * were published. At the end the frontend closes and the backend must hold no mapping.
 */
final class HostileFrontend {
    private static final Set<String> FATAL_CLAUSES = Set.of("BK-1", "BK-2", "BK-3", "BK-4", "BK-6", "BK-8", "RING-9");
    private static final int[] GREFS = {8, 9, 10, 11, 12, 13, 20, 4711};

    private final DeterministicScheduler sched = new DeterministicScheduler(0);
    private final Hypervisor hv = new Hypervisor(sched);
    private final Domain dom0 = hv.createDomain(0, "backend");
    private final Domain dom1 = hv.createDomain(1, "frontend");
    private final Netback netback;
    private final ScriptedFrontend front;
    private final List<Frame> protectedPages = new ArrayList<>();
    private final long[] protectedCrc;
    private final RxMeta meta = new RxMeta();
    private final ByteBuf packet = SlotWords.scratch(0x10000);

    private HostileFrontend(DatapathMode mode) {
        DevicePaths paths = Toolstack.createDevice(hv.xenStore(), "vif", 1, 0, 0, Map.of(), Map.of());
        netback = new Netback(dom0, paths.backend(), NetbackSettings.DEFAULTS.withMode(mode), p -> p.toBytes());
        sched.execute(0, netback::start);
        sched.runUntilIdle();
        front = new ScriptedFrontend(dom1, 0, paths.frontend(), paths.backend(),
                new FrontendSetup(1, true, -5, 0, Map.of(), Set.of()));
        // Writable data pages (8..11), read-only ones (12, 13), a list page (20); gref 4711 is never granted.
        for (int g = 8; g <= 13; g++) {
            Frame f = front.grant(g, 0, g >= 12);
            for (int i = 0; i < 4096; i++) {
                f.buf().setByte(i, i * 7 + g);
            }
            if (g >= 12) {
                protectedPages.add(f);
            }
        }
        front.grant(20, 0, false);
        Frame canary = dom1.allocateFrame();
        canary.buf().setLong(0, 0x0123456789abcdefL);
        protectedPages.add(canary);
        protectedCrc = new long[protectedPages.size()];
        for (int i = 0; i < protectedCrc.length; i++) {
            protectedCrc[i] = crc(protectedPages.get(i));
        }
        front.setUp();
        run();
    }

    /** Runs one fuzz input; throws AssertionError naming the broken invariant. */
    static void run(FuzzedDataProvider data) {
        HostileFrontend h = new HostileFrontend(DatapathMode.values()[data.consumeInt(0, 2)]);
        try {
            int steps = data.consumeInt(1, 60);
            for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
                h.step(data);
                h.run();
                h.check("step " + i);
            }
            h.front.closing();
            h.run();
            h.front.closed();
            h.run();
            h.check("close");
            if (h.dom0.activeMappingCount() != 0) {
                throw new AssertionError("backend still maps " + h.dom0.activeMappings() + " after the frontend closed");
            }
        } finally {
            h.front.close();
            h.netback.close();
        }
    }

    private void step(FuzzedDataProvider d) {
        if (!front.hasConnection()) {
            return;
        }
        FrontRing tx = front.ring(RingKind.TX, 0);
        switch (d.consumeInt(0, 10)) {
            case 0: { // raw tx slot bytes
                byte[] raw = d.consumeBytes(12);
                ByteBuf page = tx.page();
                int at = tx.nextRequestOffset();
                page.setZero(at, 12);
                page.setBytes(at, raw);
                tx.advanceRequests(1);
                break;
            }
            case 1:
                front.writeTxRequest(0, new TxRequest(gref(d), d.consumeInt(0, 4200), d.consumeInt(0, 15),
                        d.consumeInt(0, 0xFFFF), d.consumeInt(0, 9000)));
                break;
            case 2:
                front.writeTxExtra(0, new RawExtra(d.consumeInt(0, 6), d.consumeInt(0, 1), d.consumeInt(0, 0xFFFF),
                        d.consumeInt(0, 0xFFFF), d.consumeInt(0, 0xFFFF)));
                break;
            case 3:
                front.push(RingKind.TX, 0);
                break;
            case 4:
                front.setReqProd(d.consumeBoolean() ? RingKind.TX : RingKind.RX, 0,
                        front.ring(RingKind.TX, 0).reqProdPvt() + d.consumeInt(-300, 300));
                break;
            case 5:
                front.writeRxRequest(0, new RxRequest(d.consumeInt(0, 0xFFFF), 0, gref(d)));
                front.push(RingKind.RX, 0);
                break;
            case 6:
                front.writeGrefList(20, List.of(new Gref(gref(d), d.consumeInt(0, 1), 0),
                        new Gref(gref(d), d.consumeInt(0, 1), 0)));
                front.writeCtrlRequest(new CtrlRequest(d.consumeInt(0, 0xFFFF), d.consumeInt(0, 11),
                        d.consumeBoolean() ? 0 : d.consumeInt(), d.consumeBoolean() ? 20 : gref(d),
                        d.consumeInt(0, 600)));
                front.push(RingKind.CTRL, 0);
                break;
            case 7: {
                int len = d.consumeInt(1, 9000);
                for (int i = 0; i < len; i++) {
                    packet.setByte(i, i);
                }
                packet.setByte(0, d.consumeInt(0, 255)); // sometimes a multicast destination
                sched.execute(0, () -> netback.guestRx(-1, packet, 0, len, meta));
                break;
            }
            case 8:
                sched.advanceMillis(d.consumeInt(0, 70_000));
                break;
            case 9:
                front.notifyBackend(d.consumeBoolean() ? RingKind.TX : RingKind.RX, 0);
                break;
            default:
                front.push(RingKind.TX, 0);
                front.push(RingKind.RX, 0);
                break;
        }
    }

    private static int gref(FuzzedDataProvider d) {
        return d.consumeBoolean() ? GREFS[d.consumeInt(0, GREFS.length - 1)] : d.consumeInt();
    }

    private void run() {
        sched.runUntilIdle(2_000_000);
        if (sched.pendingTasks() > 0) {
            throw new AssertionError("backend did not go idle");
        }
    }

    private void check(String when) {
        if (!sched.failures().isEmpty()) {
            throw new AssertionError(when + ": a task threw", sched.failures().get(0));
        }
        if (!netback.internalErrors().isEmpty()) {
            throw new AssertionError(when + ": netback internal error", netback.internalErrors().get(0));
        }
        for (int i = 0; i < protectedPages.size(); i++) {
            if (crc(protectedPages.get(i)) != protectedCrc[i]) {
                throw new AssertionError(when + ": the backend changed a page it had no writable grant for");
            }
        }
        if (netback.state() == DeviceState.FATAL && !FATAL_CLAUSES.contains(netback.violation().clause())) {
            throw new AssertionError(when + ": fatal with an unexpected clause: " + netback.violation());
        }
        if (netback.state() == DeviceState.CONNECTED && front.hasConnection()) {
            FrontRing tx = front.ring(RingKind.TX, 0);
            int published = tx.header().reqProd() - front.startIndex(RingKind.TX);
            int answered = tx.header().rspProd() - front.startIndex(RingKind.TX);
            if (Integer.compareUnsigned(answered, published) > 0 && Integer.compareUnsigned(published, 512) < 0) {
                throw new AssertionError(when + ": " + answered + " tx responses for " + published + " requests");
            }
        }
    }

    private static long crc(Frame f) {
        CRC32 c = new CRC32();
        byte[] b = new byte[4096];
        f.buf().getBytes(0, b);
        c.update(b);
        return c.getValue();
    }
}

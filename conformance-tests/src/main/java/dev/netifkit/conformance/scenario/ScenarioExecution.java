package dev.netifkit.conformance.scenario;

import dev.netifkit.conformance.scripted.FrontendSetup;
import dev.netifkit.conformance.scripted.RingKind;
import dev.netifkit.conformance.scripted.ScriptedFrontend;
import dev.netifkit.conformance.spi.BackendContext;
import dev.netifkit.conformance.spi.BackendFactory;
import dev.netifkit.conformance.spi.BackendStatus;
import dev.netifkit.conformance.spi.BackendUnderTest;
import dev.netifkit.conformance.spi.GuestRxPacket;
import dev.netifkit.conformance.spi.TransmittedPacket;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.MappingInfo;
import dev.netifkit.hv.sched.DeterministicScheduler;
import dev.netifkit.hv.sched.Tasks;
import dev.netifkit.hv.xenstore.DevicePaths;
import dev.netifkit.hv.xenstore.Toolstack;
import dev.netifkit.proto.CtrlType;
import dev.netifkit.proto.ctrl.CtrlRequestLayout;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.rx.RxRequestLayout;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One run of one scenario in a world of its own: a hypervisor on a deterministic scheduler (seed 0), the backend
 * in domain 0, the scripted frontend in domain 1, a vif device between them. Steps run in order, each followed by
 * running both sides to idle, the invariants and the step's expectations; then the final expectations, the mapping
 * audit, the frontend's close and the "no mapping left" check.
 */
final class ScenarioExecution {
    /** Bound on the tasks one step may take before the run is declared stuck. */
    static final int MAX_TASKS = 2_000_000;
    static final int BACKEND_DOMID = 0;
    static final int FRONTEND_DOMID = 1;
    /** Grant table frames of the scripted frontend: grefs up to 131071 may be granted by a scenario. */
    static final int FRONTEND_GRANT_FRAMES = 256;
    private static final int DEFAULT_MAX_MAPPINGS = 1 << 16;
    private static final int CANARY_PAGES = 2;
    private static final byte CANARY_BYTE = (byte) 0xA5;

    private final Scenario scenario;
    private final BackendFactory factory;
    private final List<String> diffs = new ArrayList<>();
    private final List<TransmittedPacket> transmitted = new ArrayList<>();
    private final MemoryWatch watch = new MemoryWatch();
    private DeterministicScheduler scheduler;
    private Hypervisor hypervisor;
    private Domain backendDomain;
    private ScriptedFrontend frontend;
    private BackendUnderTest backend;
    private ExpectationChecker checker;
    private String where = "connect";
    private int failuresSeen;
    private int internalErrorsSeen;
    private boolean backendClosed;

    ScenarioExecution(Scenario scenario, BackendFactory factory) {
        this.scenario = scenario;
        this.factory = factory;
    }

    ScenarioResult run() {
        try {
            setUpWorld();
            if (connect()) {
                for (Step step : scenario.steps()) {
                    runStep(step);
                }
                where = "end";
                checker.check("end", scenario.expect(), diffs);
                auditMappings();
            }
            closeAndAudit();
        } catch (Stop stop) {
            // already recorded: the rest of the scenario is meaningless
        } catch (RuntimeException | AssertionError e) {
            diffs.add(where + ": the scenario runner failed: " + brief(e));
        } finally {
            cleanUp();
        }
        return new ScenarioResult(scenario.name(), scenario.file(), scenario.clauses(), diffs.isEmpty(), diffs);
    }

    // ---- world -----------------------------------------------------------------------------------------------

    private void setUpWorld() {
        scheduler = new DeterministicScheduler(0);
        hypervisor = new Hypervisor(scheduler);
        backendDomain = hypervisor.createDomain(BACKEND_DOMID, "backend");
        Domain frontendDomain = hypervisor.createDomain(FRONTEND_DOMID, "frontend", FRONTEND_GRANT_FRAMES,
                DEFAULT_MAX_MAPPINGS);
        DevicePaths paths = Toolstack.createDevice(hypervisor.xenStore(), "vif", FRONTEND_DOMID, BACKEND_DOMID, 0,
                Map.of(), Map.of());
        FrontendSpec f = scenario.frontend();
        frontend = new ScriptedFrontend(frontendDomain, BACKEND_DOMID, paths.frontend(), paths.backend(),
                new FrontendSetup(f.queues(), f.ctrlRing(), f.txStart(), f.rxStart(), f.keys(),
                        scenario.mentionedGrefs()));
        for (GrantSpec g : scenario.grants()) {
            Frame page = frontend.grant(g.gref(), g.domid(), g.readonly());
            ByteBuf buf = page.buf();
            if (g.pattern()) {
                for (int i = 0; i < Frame.SIZE; i++) {
                    buf.setByte(i, i);
                }
            } else {
                buf.setBytes(g.at(), g.data());
            }
            watch.watchGrant(g.gref(), page, g.domid(), g.readonly(), BACKEND_DOMID);
        }
        for (int i = 0; i < CANARY_PAGES; i++) {
            Frame canary = frontendDomain.allocateFrame();
            for (int b = 0; b < Frame.SIZE; b++) {
                canary.buf().setByte(b, CANARY_BYTE);
            }
            watch.watchCanary(canary);
        }
        BackendContext context = new BackendContext(backendDomain, paths.backend(), scenario.backend().mode(),
                scenario.backend().settings());
        scheduler.execute(BACKEND_DOMID, Tasks.named("create and start the backend under test", () -> {
            backend = factory.create(context);
            backend.start();
        }));
        settle();
        afterRun();
        if (backend == null) {
            diffs.add("connect: the backend factory " + factory.getClass().getName() + " created no backend");
            throw new Stop();
        }
    }

    /** Connects both sides through xenbus; false when the backend did not connect and nothing says it may not. */
    private boolean connect() {
        frontend.setUp();
        settle();
        afterRun();
        checker = new ExpectationChecker(frontend, backendDomain, this::status, transmitted);
        BackendStatus s = status();
        if (s != null && s.state() == BackendStatus.State.CONNECTED || expectsNoConnection()) {
            return true;
        }
        diffs.add("connect: the backend did not connect: it is " + ExpectationChecker.describe(s));
        return false;
    }

    /** SCENARIOS.md: a backend that refuses fails the scenario unless {@code expect.device} says otherwise. */
    private boolean expectsNoConnection() {
        List<Expectation> all = new ArrayList<>(scenario.expect());
        scenario.steps().forEach(s -> all.addAll(s.expect()));
        for (Expectation e : all) {
            if (e.device() != null && !e.device().equals("connected")) {
                return true;
            }
        }
        return false;
    }

    // ---- steps -----------------------------------------------------------------------------------------------

    private void runStep(Step step) {
        where = step.label();
        perform(step);
        notePostings();
        settle();
        afterRun();
        checker.check(where, step.expect(), diffs);
    }

    private void perform(Step step) {
        int q = step.queue();
        Action a = step.action();
        if (a instanceof Action.Tx) {
            Action.Tx tx = (Action.Tx) a;
            for (SlotSpec s : tx.slots()) {
                if (s instanceof SlotSpec.TxReq) {
                    frontend.writeTxRequest(q, ((SlotSpec.TxReq) s).request());
                } else {
                    frontend.writeTxExtra(q, ((SlotSpec.TxExtra) s).extra());
                }
            }
            if (tx.push()) {
                frontend.push(RingKind.TX, q);
            }
        } else if (a instanceof Action.Rx) {
            Action.Rx rx = (Action.Rx) a;
            rx.requests().forEach(r -> frontend.writeRxRequest(q, r));
            if (rx.push()) {
                frontend.push(RingKind.RX, q);
            }
        } else if (a instanceof Action.Ctrl) {
            Action.Ctrl ctrl = (Action.Ctrl) a;
            ctrl.requests().forEach(frontend::writeCtrlRequest);
            if (ctrl.push()) {
                frontend.push(RingKind.CTRL, 0);
            }
        } else if (a instanceof Action.GrefList) {
            Action.GrefList list = (Action.GrefList) a;
            frontend.writeGrefList(list.gref(), list.entries());
            watch.resync(list.gref());
        } else if (a instanceof Action.GuestRx) {
            int queue = step.queueGiven() ? q : -1;
            for (GuestRxPacket p : ((Action.GuestRx) a).packets()) {
                scheduler.execute(BACKEND_DOMID, Tasks.named("guest_rx", () -> backend.guestRx(queue, p)));
            }
        } else if (a instanceof Action.SetReqProd) {
            Action.SetReqProd s = (Action.SetReqProd) a;
            frontend.setReqProd(s.ring(), q, s.value());
        } else if (a instanceof Action.WriteSlot) {
            writeSlot(q, (Action.WriteSlot) a);
        } else if (a instanceof Action.AdvanceMs) {
            settle();
            if (!scheduler.advanceMillis(((Action.AdvanceMs) a).millis(), MAX_TASKS)) {
                diffs.add(where + ": the backend did not go idle while time advanced (" + MAX_TASKS
                        + " tasks run after one timer, " + scheduler.pendingTasks() + " still ready)");
                throw new Stop();
            }
        } else {
            reconnect();
        }
    }

    private void writeSlot(int q, Action.WriteSlot w) {
        SlotSpec s = w.slot();
        if (s instanceof SlotSpec.TxReq) {
            frontend.overwriteTxRequest(q, w.index(), ((SlotSpec.TxReq) s).request());
        } else if (s instanceof SlotSpec.TxExtra) {
            frontend.overwriteTxExtra(q, w.index(), ((SlotSpec.TxExtra) s).extra());
        } else if (s instanceof SlotSpec.RxReq) {
            frontend.overwriteRxRequest(q, w.index(), ((SlotSpec.RxReq) s).request());
        } else {
            frontend.overwriteCtrlRequest(w.index(), ((SlotSpec.CtrlReq) s).request());
        }
    }

    private void reconnect() {
        frontend.closing();
        settle();
        frontend.closed();
        settle();
        afterRun();
        frontend.setUp();
        checker.resetRingCursors();
    }

    /**
     * RX-5 bookkeeping: every gref named in an rx ring slot, and every list gref of a DEL_GREF_MAPPING request in
     * the control ring, may be written by the backend from now on (what is in the slots counts, hostile rewrites
     * included).
     */
    private void notePostings() {
        for (int q = 0; q < scenario.frontend().queues(); q++) {
            FrontRing rx = frontend.ring(RingKind.RX, q);
            for (int i = 0; i < rx.size(); i++) {
                watch.allowWrite(rx.page().getIntLE(rx.requestOffset(i) + RxRequestLayout.GREF_OFFSET));
            }
        }
        if (scenario.frontend().ctrlRing()) {
            FrontRing ctrl = frontend.ring(RingKind.CTRL, 0);
            for (int i = 0; i < ctrl.size(); i++) {
                int at = ctrl.requestOffset(i);
                if (ctrl.page().getUnsignedShortLE(at + CtrlRequestLayout.TYPE_OFFSET)
                        == CtrlType.DEL_GREF_MAPPING.code()) {
                    watch.allowWrite(ctrl.page().getIntLE(at + CtrlRequestLayout.dataOffset(1)));
                }
            }
        }
    }

    /** Delivers pending notifications and runs both sides until idle, bounded. */
    private void settle() {
        scheduler.runUntilIdle(MAX_TASKS);
        long pending = scheduler.pendingTasks();
        if (pending > 0) {
            diffs.add(where + ": the backend did not go idle (" + MAX_TASKS + " tasks run, " + pending
                    + " still ready)");
            throw new Stop();
        }
    }

    /** After both sides ran: collect transmitted packets, then the invariants "no exception" and "no stray write". */
    private void afterRun() {
        if (backend != null) {
            List<TransmittedPacket> drained = call("drainTransmitted()", backend::drainTransmitted);
            if (drained != null) {
                transmitted.addAll(drained);
            }
        }
        List<Throwable> failures = scheduler.failures();
        for (int i = failuresSeen; i < failures.size(); i++) {
            diffs.add(where + ": invariant: an exception escaped a task: " + brief(failures.get(i)));
        }
        failuresSeen = failures.size();
        if (backend != null) {
            List<Throwable> internal = call("internalErrors()", backend::internalErrors);
            if (internal != null) {
                for (int i = internalErrorsSeen; i < internal.size(); i++) {
                    diffs.add(where + ": invariant: the backend caught an exception of its own: "
                            + brief(internal.get(i)));
                }
                internalErrorsSeen = internal.size();
            }
        }
        for (String m : watch.verify()) {
            diffs.add(where + ": invariant: " + m);
        }
    }

    private BackendStatus status() {
        return call("status()", backend::status);
    }

    /** Calls the backend between tasks; an exception out of it is an invariant violation, not a runner crash. */
    private <T> T call(String method, Supplier<T> body) {
        try {
            return body.get();
        } catch (RuntimeException | AssertionError e) {
            diffs.add(where + ": invariant: backend." + method + " threw " + brief(e));
            return null;
        }
    }

    // ---- end -----------------------------------------------------------------------------------------------

    /** Every mapping the backend holds is a current ring page or in its staging table. */
    private void auditMappings() {
        Set<Integer> rings = frontend.ringRefs();
        Set<Integer> staged = new HashSet<>();
        Set<String> names = call("stagedGrefs()", backend::stagedGrefs);
        if (names != null) {
            for (String n : names) {
                int colon = n.indexOf(':');
                try {
                    staged.add(Integer.parseUnsignedInt(n.substring(colon + 1).trim()));
                } catch (NumberFormatException e) {
                    diffs.add("end: invariant: backend.stagedGrefs() returned '" + n + "' (expected queue:gref)");
                }
            }
        }
        List<String> leaked = new ArrayList<>();
        for (MappingInfo m : backendDomain.activeMappings()) {
            if (m.granterDomid() != FRONTEND_DOMID || !rings.contains(m.gref()) && !staged.contains(m.gref())) {
                leaked.add(mapping(m));
            }
        }
        if (!leaked.isEmpty()) {
            diffs.add("end: invariant: the backend holds " + leaked.size() + " mapping(s) that are neither a ring"
                    + " page nor in its staging table (leaked): " + Render.list(leaked));
        }
    }

    /** The frontend closes; afterwards the backend must hold no mapping at all. */
    private void closeAndAudit() {
        where = "close";
        frontend.closing();
        settle();
        frontend.closed();
        settle();
        afterRun();
        List<String> left = new ArrayList<>();
        backendDomain.activeMappings().forEach(m -> left.add(mapping(m)));
        if (!left.isEmpty()) {
            diffs.add("close: invariant: after the frontend closed, the backend still holds " + left.size()
                    + " mapping(s) (leaked): " + Render.list(left));
        }
        frontend.disconnect();
        scheduler.execute(BACKEND_DOMID, Tasks.named("close the backend under test", backend::close));
        backendClosed = true;
        settle();
        afterRun();
    }

    private static String mapping(MappingInfo m) {
        return "gref " + Render.u32(m.gref()) + " of domain " + m.granterDomid() + (m.readonly() ? " (read-only)"
                : " (writable)");
    }

    private void cleanUp() {
        if (backend != null && !backendClosed) {
            try {
                backend.close();
            } catch (RuntimeException | AssertionError e) {
                // the scenario already failed; a backend that cannot close after that is not news
            }
        }
        if (frontend != null) {
            frontend.close();
        }
    }

    static String brief(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return t + (st.length > 0 ? " (at " + st[0] + ")" : "");
    }

    /** Ends a run whose remaining steps are meaningless; the reason is already recorded. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }
}

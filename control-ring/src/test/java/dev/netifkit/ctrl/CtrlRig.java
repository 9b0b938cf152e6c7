package dev.netifkit.ctrl;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.grant.GrantTable;
import dev.netifkit.hv.sched.DeterministicScheduler;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.CtrlResponse;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.ring.RingGeometry;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two guests on the real emulated hypervisor: domain 0 runs a {@link CtrlBackend}, domain 1 owns the control ring
 * page (granted to domain 0, which maps it). Either a {@link CtrlClient} drives the ring through bound event
 * channels ({@link Builder#client(boolean)}), or the test writes raw requests with {@link #push} and calls
 * {@link CtrlBackend#process()} itself.
 */
final class CtrlRig implements AutoCloseable {
    static final int BACK = 0;
    static final int FRONT = 1;

    final DeterministicScheduler scheduler;
    final Hypervisor hv;
    final Domain back;
    final Domain front;
    final Frame ringFrame;
    final int ringGref;
    final int ringHandle;
    final ByteBuf ringView;
    final HashConfig hash;
    final GrefMappingTable[] tables;
    final CtrlBackend backend;
    final CtrlClient client;
    final FrontRing rawRing;
    final Set<Long> posted = new HashSet<>();
    final List<Frame> frontPages = new ArrayList<>();
    final List<Integer> frontGrefs = new ArrayList<>();
    int frontPort;
    int backPort;
    int backendNotifications;
    int processCalls;
    private boolean closed;

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        int numQueues = 2;
        boolean staging = true;
        int capacity = GrefMappingTable.DEFAULT_CAPACITY;
        int budget = CtrlBackendConfig.DEFAULT_BUDGET;
        boolean client = true;
        long timeoutNanos = 1_000_000_000L;
        int start;
        long seed;

        Builder queues(int n) {
            numQueues = n;
            return this;
        }

        Builder staging(boolean s) {
            staging = s;
            return this;
        }

        Builder capacity(int c) {
            capacity = c;
            return this;
        }

        Builder budget(int b) {
            budget = b;
            return this;
        }

        Builder client(boolean c) {
            client = c;
            return this;
        }

        Builder timeoutNanos(long t) {
            timeoutNanos = t;
            return this;
        }

        Builder start(int s) {
            start = s;
            return this;
        }

        Builder seed(long s) {
            seed = s;
            return this;
        }

        CtrlRig build() {
            return new CtrlRig(this);
        }
    }

    private CtrlRig(Builder b) {
        scheduler = new DeterministicScheduler(b.seed);
        hv = new Hypervisor(scheduler);
        back = hv.createDomain(BACK, "backend");
        front = hv.createDomain(FRONT, "frontend");

        ringFrame = front.allocateFrame();
        ringGref = front.grantTable().allocateRef();
        front.grantTable().grantAccess(ringGref, BACK, ringFrame, false);

        frontPort = front.events().allocUnbound(BACK);
        backPort = back.events().bindInterdomain(FRONT, frontPort);
        assertTrue(frontPort > 0 && backPort > 0, "event channel bound");

        if (b.client) {
            client = new CtrlClient(front, BACK, ringFrame.buf(), b.start, () -> front.events().notify(frontPort),
                    scheduler, b.timeoutNanos);
            rawRing = null;
        } else {
            client = null;
            rawRing = FrontRing.init(ringFrame.buf(), RingGeometry.CTRL, b.start);
        }

        ringHandle = back.mapGrant(FRONT, ringGref, false);
        assertTrue(ringHandle >= 0, "ring mapped: " + ringHandle);
        ringView = back.mappedView(ringHandle);

        hash = new HashConfig(b.numQueues);
        if (b.staging) {
            tables = new GrefMappingTable[b.numQueues];
            for (int q = 0; q < b.numQueues; q++) {
                tables[q] = new GrefMappingTable(q, b.capacity);
            }
        } else {
            tables = null;
        }
        InFlightProbe probe = (queue, gref) -> posted.contains(key(queue, gref));
        backend = new CtrlBackend(back, FRONT, ringView, b.start,
                new CtrlBackendConfig(b.numQueues, b.staging, b.budget), hash, tables, probe, () -> {
                    backendNotifications++;
                    back.events().notify(backPort);
                });
        back.events().setHandler(backPort, this::backendTask);
        if (client != null) {
            front.events().setHandler(frontPort, client::onEvent);
        }
    }

    static long key(int queue, int gref) {
        return (long) queue << 32 | (gref & 0xFFFFFFFFL);
    }

    /** The backend's event handler: bounded work, re-queued while work remains (BK-17). */
    private void backendTask() {
        processCalls++;
        if (backend.process()) {
            scheduler.execute(BACK, this::backendTask);
        }
    }

    /** Runs every ready task; fails the test if a task threw (the scheduler swallows and counts them). */
    void run() {
        scheduler.runUntilIdle(1_000_000);
        assertEquals(List.of(), scheduler.failures(), "no task may throw");
    }

    /** Grants a fresh frontend page holding {@code content} at offset 0 to the backend. */
    int grantPage(byte[] content, boolean readonly) {
        Frame f = front.allocateFrame();
        if (content != null) {
            f.buf().setBytes(0, content);
        }
        int gref = front.grantTable().allocateRef();
        front.grantTable().grantAccess(gref, BACK, f, readonly);
        frontPages.add(f);
        frontGrefs.add(gref);
        return gref;
    }

    /** The frontend page behind a gref made by {@link #grantPage}. */
    Frame page(int gref) {
        return frontPages.get(frontGrefs.indexOf(gref));
    }

    /** Raw mode: writes requests at req_prod_pvt and publishes them. */
    void push(CtrlRequest... requests) {
        for (CtrlRequest r : requests) {
            r.encode(rawRing.page(), rawRing.nextRequestOffset());
            rawRing.advanceRequests(1);
        }
        rawRing.pushRequests();
    }

    /** Raw mode: reads every published response not read yet. */
    List<CtrlResponse> responses() {
        List<CtrlResponse> out = new ArrayList<>();
        int prod = rawRing.responseProducer();
        while (rawRing.rspCons() != prod) {
            out.add(CtrlResponse.decode(rawRing.page(), rawRing.requestOffset(rawRing.rspCons())));
            rawRing.consumeResponses(1);
        }
        return out;
    }

    /** Raw mode: pushes one request, processes, returns its response. */
    CtrlResponse call(CtrlRequest request) {
        push(request);
        backend.process();
        List<CtrlResponse> rs = responses();
        assertEquals(1, rs.size(), "one response for " + request);
        return rs.get(0);
    }

    /** Client mode: sends through the client, runs the scheduler, returns the result. */
    CtrlResult await(Function<Consumer<CtrlResult>, Boolean> send) {
        CtrlResult[] box = new CtrlResult[1];
        assertTrue(send.apply(r -> box[0] = r), "request sent");
        run();
        assertTrue(box[0] != null, "response received");
        return box[0];
    }

    /** Ends access to and frees every page granted with {@link #grantPage} (asserts nothing still maps them). */
    void releasePages() {
        GrantTable gt = front.grantTable();
        for (int i = 0; i < frontPages.size(); i++) {
            int gref = frontGrefs.get(i);
            assertTrue(gt.endAccess(gref), "gref " + gref + " still in use by the backend");
            gt.freeRef(gref);
            front.freeFrame(frontPages.get(i));
        }
        frontPages.clear();
        frontGrefs.clear();
    }

    /** Tears everything down and checks nothing leaked: no mapping, no grant, no frame. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (client != null) {
            client.close();
            assertEquals(0, client.grantsHeld(), "client grants");
        }
        backend.close();
        assertEquals(0, back.unmapGrant(ringHandle), "ring unmapped");
        assertEquals(0, back.activeMappingCount(), "backend mappings left: " + back.activeMappings());
        releasePages();
        assertTrue(front.grantTable().endAccess(ringGref));
        front.grantTable().freeRef(ringGref);
        front.freeFrame(ringFrame);
        assertEquals(0, front.grantTable().grantedCount(), "frontend grants left");
        assertEquals(0, front.frameCount(), "frontend frames left");
        assertEquals(0, back.frameCount(), "backend frames left");
        assertEquals(List.of(), scheduler.failures(), "no task may throw");
    }
}

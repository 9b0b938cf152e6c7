package dev.netifkit.ctrl;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.proto.CtrlType;
import dev.netifkit.proto.ctrl.CtrlRequestFlyweight;
import dev.netifkit.proto.ctrl.CtrlResponseFlyweight;
import dev.netifkit.proto.ring.BackRing;
import dev.netifkit.proto.ring.RingGeometry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's control-ring handler (SPEC.md §5, §6, BK-17..BK-21): consumes requests from the frontend's control
 * ring, answers each in ring order (CTRL-1) and applies them to the hash configuration and the per-queue gref
 * mapping tables.
 *
 * <p>Each {@link #process()} call does bounded work (BK-17): it reads req_prod once (acquire); a producer more than
 * 128 ahead of the responses marks the ring broken for good (Linux has no such check); otherwise at most
 * {@code budget} requests are handled, each copied out of the page before it is looked at (RING-8), responses are
 * pushed with the notify check (RING-6) and the final check is made. The return value says whether work remains:
 * the caller re-queues a task rather than looping on the peer's say-so.
 *
 * <p>Runs on the backend domain's context only.
 */
public final class CtrlBackend {
    private static final Logger LOG = LoggerFactory.getLogger(CtrlBackend.class);

    private final Domain self;
    private final int frontDomid;
    private final CtrlBackendConfig config;
    private final HashConfig hash;
    private final GrefMappingTable[] tables;
    private final Runnable notifyFrontend;
    private final BackRing ring;
    private final ByteBuf requestCopy = Unpooled.wrappedBuffer(new byte[RingGeometry.CTRL_SLOT_SIZE]);
    private final CtrlRequestFlyweight request = new CtrlRequestFlyweight().wrap(requestCopy, 0);
    private final CtrlResponseFlyweight response = new CtrlResponseFlyweight();
    private final CtrlCounters counters = new CtrlCounters();
    private final Reply reply = new Reply();
    private final GuestPageIo io;
    private final HashRequests hashRequests;
    private final GrefRequests grefRequests;
    private String brokenReason;
    private boolean closed;

    /**
     * Attaches to a control ring the frontend initialised.
     *
     * @param self the backend domain (its hypercalls are counted against it)
     * @param frontDomid the frontend domain, whose grefs requests name
     * @param ringPage the backend's view of the ring page (a writable grant mapping)
     * @param startIndex the ring index to attach at (the page's rsp_prod on connect; 0 normally)
     * @param config numQueues, staging, budget
     * @param hash the hash configuration this handler sets (numQueues must match)
     * @param tables one gref mapping table per queue, indexed by queue; null when staging is off
     * @param probe tells whether an unconsumed posted request names a gref (use {@link InFlightProbe#NONE} if none)
     * @param notifyFrontend sends the control event channel notification
     * @throws IllegalArgumentException on a null argument, a domid out of range, a numQueues mismatch, or tables
     *                                  missing or not one per queue while staging is on
     */
    public CtrlBackend(Domain self, int frontDomid, ByteBuf ringPage, int startIndex, CtrlBackendConfig config,
                       HashConfig hash, GrefMappingTable[] tables, InFlightProbe probe, Runnable notifyFrontend) {
        if (self == null || ringPage == null || config == null || hash == null || probe == null
                || notifyFrontend == null) {
            throw new IllegalArgumentException("null argument: self=" + self + ", ringPage=" + ringPage + ", config="
                    + config + ", hash=" + hash + ", probe=" + probe + ", notifyFrontend=" + notifyFrontend);
        }
        if (frontDomid < 0 || frontDomid > Hypervisor.MAX_DOMID) {
            throw new IllegalArgumentException("frontDomid " + frontDomid + " outside 0.." + Hypervisor.MAX_DOMID);
        }
        if (hash.numQueues() != config.numQueues()) {
            throw new IllegalArgumentException("hash config has " + hash.numQueues() + " queues, config "
                    + config.numQueues());
        }
        if (config.stagingEnabled()) {
            checkTables(tables, config.numQueues());
        }
        this.self = self;
        this.frontDomid = frontDomid;
        this.config = config;
        this.hash = hash;
        this.tables = config.stagingEnabled() ? tables.clone() : null;
        this.notifyFrontend = notifyFrontend;
        this.ring = BackRing.attach(ringPage, RingGeometry.CTRL, startIndex);
        this.io = new GuestPageIo(self, frontDomid);
        this.hashRequests = new HashRequests(hash, io);
        this.grefRequests = config.stagingEnabled()
                ? new GrefRequests(self, frontDomid, this.tables, probe, io, counters) : null;
    }

    private static void checkTables(GrefMappingTable[] tables, int numQueues) {
        if (tables == null || tables.length != numQueues) {
            throw new IllegalArgumentException("staging needs one gref table per queue: got "
                    + (tables == null ? "null" : tables.length + " tables") + " for " + numQueues + " queues");
        }
        for (int q = 0; q < numQueues; q++) {
            if (tables[q] == null || tables[q].queue() != q) {
                throw new IllegalArgumentException("gref table " + q + " is " + tables[q] + ", expected queue " + q);
            }
        }
    }

    /**
     * Handles what the frontend has published, within the budget.
     *
     * @return true if requests remain (budget used up, or more arrived during the final check): re-queue a call;
     *         false when idle, broken or closed
     */
    public boolean process() {
        if (brokenReason != null || closed) {
            return false;
        }
        int prod = ring.requestProducer();
        if (ring.requestProdOverflow(prod)) {
            markBroken(prod);
            return false;
        }
        int cons = ring.reqCons();
        int handled = 0;
        while (cons != prod && handled < config.budget()) {
            ring.copyRequest(cons, requestCopy, 0); // RING-8: the slot is read once, into private memory
            ring.consumeRequests(1);
            cons++;
            handle();
            handled++;
        }
        counters.processCall(handled == 0);
        if (handled > 0 && ring.pushResponses()) {
            counters.notificationSent();
            notifyFrontend.run();
        }
        if (cons != prod) {
            return true;
        }
        return ring.finalCheckForRequests();
    }

    private void markBroken(int prod) {
        brokenReason = "BK-17: control ring req_prod " + Integer.toUnsignedString(prod) + " is "
                + Integer.toUnsignedString(prod - ring.rspProdPvt()) + " ahead of rsp_prod_pvt "
                + Integer.toUnsignedString(ring.rspProdPvt()) + " (the ring holds " + ring.size()
                + "): control ring treated as broken, no further responses";
        counters.broken();
        LOG.warn("d{} control ring of d{}: {}", self.domid(), frontDomid, brokenReason);
    }

    private void handle() {
        int type = request.type();
        int d0 = request.data0();
        int d1 = request.data1();
        int d2 = request.data2();
        reply.status(Reply.NOT_SUPPORTED); // CTRL-2: INVALID (0) and unknown types
        switch (CtrlType.fromCode(type)) {
            case GET_HASH_FLAGS -> hashRequests.getFlags(reply);
            case SET_HASH_FLAGS -> hashRequests.setFlags(d0, reply);
            case SET_HASH_KEY -> hashRequests.setKey(d0, d1, reply);
            case GET_HASH_MAPPING_SIZE -> hashRequests.getMappingSize(reply);
            case SET_HASH_MAPPING_SIZE -> hashRequests.setMappingSize(d0, reply);
            case SET_HASH_MAPPING -> hashRequests.setMapping(d0, d1, d2, reply);
            case SET_HASH_ALGORITHM -> hashRequests.setAlgorithm(d0, reply);
            case GET_GREF_MAPPING_SIZE -> {
                if (grefRequests != null) {
                    grefRequests.getSize(d0, reply);
                }
            }
            case ADD_GREF_MAPPING -> {
                if (grefRequests != null) {
                    grefRequests.add(d0, d1, d2, reply);
                }
            }
            case DEL_GREF_MAPPING -> {
                if (grefRequests != null) {
                    grefRequests.del(d0, d1, d2, reply);
                }
            }
            default -> {
                // INVALID, UNKNOWN: NOT_SUPPORTED as set above
            }
        }
        int data = reply.status == Reply.SUCCESS ? reply.data : 0; // CTRL-1: data 0 unless SUCCESS
        response.wrap(ring.page(), ring.nextResponseOffset())
                .id(request.id())
                .type(type)
                .status(reply.status)
                .data(data);
        ring.advanceResponses(1);
        counters.request(type, reply.status);
    }

    /** @return true once the ring has been found broken (BK-17); it stays so */
    public boolean broken() {
        return brokenReason != null;
    }

    /** @return why the ring is broken, naming clause BK-17 and the indices; null while it is not */
    public String brokenReason() {
        return brokenReason;
    }

    /** @return this handler's counters */
    public CtrlCounters counters() {
        return counters;
    }

    /** @return the hash configuration this handler sets */
    public HashConfig hashConfig() {
        return hash;
    }

    /**
     * The gref mapping table of a queue.
     *
     * @param queue 0..numQueues−1
     * @return the table, or null when staging is off
     * @throws IllegalArgumentException if the queue is out of range
     */
    public GrefMappingTable table(int queue) {
        if (queue < 0 || queue >= config.numQueues()) {
            throw new IllegalArgumentException("queue " + queue + " outside 0.." + (config.numQueues() - 1));
        }
        return tables == null ? null : tables[queue];
    }

    /** @return the configuration */
    public CtrlBackendConfig config() {
        return config;
    }

    /** @return the back ring (indices for reports and tests) */
    public BackRing ring() {
        return ring;
    }

    /**
     * Disconnect (SG-5): drops and unmaps every entry of every queue's table, one unmap batch per queue, and frees
     * the handler's private frame. Later {@link #process()} calls do nothing. The ring page stays the caller's to
     * unmap. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tables != null) {
            for (GrefMappingTable t : tables) {
                t.dropAll(self);
            }
        }
        io.close();
        requestCopy.release();
    }

    /** @return true after {@link #close()} */
    public boolean closed() {
        return closed;
    }

    @Override
    public String toString() {
        return "CtrlBackend[d" + self.domid() + " <- d" + frontDomid + ", " + ring
                + (brokenReason != null ? ", broken" : "") + (closed ? ", closed" : "") + "]";
    }
}

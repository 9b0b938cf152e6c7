package dev.netifkit.ctrl;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.grant.GrantTable;
import dev.netifkit.hv.sched.Cancellable;
import dev.netifkit.hv.sched.Scheduler;
import dev.netifkit.proto.CtrlType;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.ctrl.CtrlRequestFlyweight;
import dev.netifkit.proto.ctrl.CtrlResponseFlyweight;
import dev.netifkit.proto.ctrl.GrefLayout;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.ring.RingGeometry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The frontend's end of the control ring: typed asynchronous calls for every message (CTRL-2), responses matched
 * to requests by id (CTRL-1: they may be published out of order), a timeout on the scheduler's clock, and the
 * granted pages that key, mapping and gref-list requests need (granted read-only, or writable for a DEL list whose
 * statuses come back; access ended and the page freed when the response or the timeout comes).
 *
 * <p>A call returns false, sending nothing, when the ring has no free slot (RING-7), 128 requests are awaiting an
 * answer, no grant reference is left, or the client is broken or closed. A response whose id is not awaited or
 * whose type differs from the request's is counted in {@link #protocolErrors()} and ignored. A backend that
 * publishes more responses than requests outstanding (FR-1) makes the client broken: it sends nothing more, and its
 * awaited requests time out. Each {@link #onEvent()} consumes at most one ring of responses, then re-queues itself
 * (FR-6: a storm costs bounded work). Runs on the frontend domain's context only.
 */
public final class CtrlClient {
    private static final Logger LOG = LoggerFactory.getLogger(CtrlClient.class);
    /** Status a DEL list entry carries until the backend writes it (SG-4): not a defined status. */
    static final int STATUS_NOT_WRITTEN = 0xFFFF;

    private final Domain self;
    private final int backDomid;
    private final FrontRing ring;
    private final Runnable notifyBackend;
    private final Scheduler scheduler;
    private final long timeoutNanos;
    private final Pending[] slots = new Pending[RingGeometry.CTRL.entries()];
    private final ByteBuf responseCopy = Unpooled.wrappedBuffer(new byte[RingGeometry.CTRL_SLOT_SIZE]);
    private final CtrlResponseFlyweight response = new CtrlResponseFlyweight().wrap(responseCopy, 0);
    private final CtrlRequestFlyweight request = new CtrlRequestFlyweight();
    private final Runnable requeue = this::onEvent;
    private final List<Page> unreleased = new ArrayList<>();
    private int nextId;
    private int awaiting;
    private long protocolErrors;
    private long lateResponses;
    private String brokenReason;
    private boolean closed;

    /** A page granted to the backend for one request. */
    private record Page(Frame frame, int gref) {
    }

    /** One request awaiting its response (or timed out and awaiting a late one, which keeps its id reserved). */
    private static final class Pending {
        boolean inUse;
        boolean timedOut;
        int generation;
        int id;
        int type;
        Consumer<CtrlResult> callback;
        Cancellable timer;
        Page page;
        /** DEL list entries whose status fields are read back after the response; −1 for other requests. */
        int readBackEntries;
    }

    /**
     * Initialises the ring page (RING-4) and attaches to it.
     *
     * @param self the frontend domain
     * @param backDomid the backend domain, to which request pages are granted
     * @param ringPage the frontend's own ring frame's buffer, initialised here with {@code FrontRing.init}
     * @param startIndex the first ring index (0 normally)
     * @param notifyBackend sends the control event channel notification
     * @param scheduler whose clock times requests out and on whose frontend context timeouts run
     * @param timeoutNanos how long a request may wait for its response; 0 = forever
     * @throws IllegalArgumentException on a null argument, a domid out of range or a negative timeout
     */
    public CtrlClient(Domain self, int backDomid, ByteBuf ringPage, int startIndex, Runnable notifyBackend,
                      Scheduler scheduler, long timeoutNanos) {
        if (self == null || ringPage == null || notifyBackend == null || scheduler == null) {
            throw new IllegalArgumentException("null argument: self=" + self + ", ringPage=" + ringPage
                    + ", notifyBackend=" + notifyBackend + ", scheduler=" + scheduler);
        }
        if (backDomid < 0 || backDomid > Hypervisor.MAX_DOMID) {
            throw new IllegalArgumentException("backDomid " + backDomid + " outside 0.." + Hypervisor.MAX_DOMID);
        }
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeoutNanos " + timeoutNanos + " is negative");
        }
        this.self = self;
        this.backDomid = backDomid;
        this.ring = FrontRing.init(ringPage, RingGeometry.CTRL, startIndex);
        this.notifyBackend = notifyBackend;
        this.scheduler = scheduler;
        this.timeoutNanos = timeoutNanos;
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Pending();
        }
    }

    // ------------------------------------------------------------------ typed calls

    /**
     * SET_HASH_ALGORITHM (BK-18).
     *
     * @param algorithm 0 NONE, 1 TOEPLITZ (other values are sent as given)
     * @param callback called once with the result
     * @return false if nothing was sent (see the class comment)
     */
    public boolean setHashAlgorithm(int algorithm, Consumer<CtrlResult> callback) {
        return send(CtrlType.SET_HASH_ALGORITHM.code(), algorithm, 0, 0, callback);
    }

    /**
     * GET_HASH_FLAGS (BK-18): data = the supported hash types.
     *
     * @param callback called once with the result
     * @return false if nothing was sent
     */
    public boolean getHashFlags(Consumer<CtrlResult> callback) {
        return send(CtrlType.GET_HASH_FLAGS.code(), 0, 0, 0, callback);
    }

    /**
     * SET_HASH_FLAGS (BK-18).
     *
     * @param flags a mask of hash types (sent as given)
     * @param callback called once with the result
     * @return false if nothing was sent
     */
    public boolean setHashFlags(int flags, Consumer<CtrlResult> callback) {
        return send(CtrlType.SET_HASH_FLAGS.code(), flags, 0, 0, callback);
    }

    /**
     * SET_HASH_KEY (BK-19): the key goes in a page granted read-only to the backend; length = key.length (keys
     * over 40 bytes are sent, and refused with BUFFER_OVERFLOW).
     *
     * @param key 0..4096 bytes
     * @param callback called once with the result
     * @return false if nothing was sent
     * @throws IllegalArgumentException if the key is null or longer than a page
     */
    public boolean setHashKey(byte[] key, Consumer<CtrlResult> callback) {
        if (key == null || key.length > NetifConstants.PAGE_SIZE) {
            throw new IllegalArgumentException("hash key " + (key == null ? "null" : key.length + " bytes")
                    + " must be 0.." + NetifConstants.PAGE_SIZE + " bytes");
        }
        if (!ready(callback)) {
            return false;
        }
        Page page = grantPage(true);
        if (page == null) {
            return false;
        }
        page.frame.buf().setBytes(0, key);
        return submit(CtrlType.SET_HASH_KEY.code(), page.gref, key.length, 0, page, -1, callback);
    }

    /**
     * GET_HASH_MAPPING_SIZE (BK-20): data = the largest table.
     *
     * @param callback called once with the result
     * @return false if nothing was sent
     */
    public boolean getHashMappingSize(Consumer<CtrlResult> callback) {
        return send(CtrlType.GET_HASH_MAPPING_SIZE.code(), 0, 0, 0, callback);
    }

    /**
     * SET_HASH_MAPPING_SIZE (BK-20): the table is zeroed.
     *
     * @param size entries (sent as given)
     * @param callback called once with the result
     * @return false if nothing was sent
     */
    public boolean setHashMappingSize(int size, Consumer<CtrlResult> callback) {
        return send(CtrlType.SET_HASH_MAPPING_SIZE.code(), size, 0, 0, callback);
    }

    /**
     * SET_HASH_MAPPING (BK-20): entries as u32 LE at offset 0 of a page granted read-only.
     *
     * @param entries queue numbers, 0..1024 of them (values sent as given)
     * @param offset the first table index they replace (sent as given)
     * @param callback called once with the result
     * @return false if nothing was sent
     * @throws IllegalArgumentException if entries is null or longer than a page holds
     */
    public boolean setHashMapping(int[] entries, int offset, Consumer<CtrlResult> callback) {
        int max = NetifConstants.PAGE_SIZE / Integer.BYTES;
        if (entries == null || entries.length > max) {
            throw new IllegalArgumentException("mapping of " + (entries == null ? "null" : entries.length + " entries")
                    + " must hold 0.." + max + " entries");
        }
        if (!ready(callback)) {
            return false;
        }
        Page page = grantPage(true);
        if (page == null) {
            return false;
        }
        for (int i = 0; i < entries.length; i++) {
            page.frame.buf().setIntLE(i * Integer.BYTES, entries[i]);
        }
        return submit(CtrlType.SET_HASH_MAPPING.code(), page.gref, entries.length, offset, page, -1, callback);
    }

    /**
     * GET_GREF_MAPPING_SIZE (SG-2): data = the queue table's capacity; NOT_SUPPORTED means "run without staging
     * grants" (FR-7).
     *
     * @param queue the queue (sent as given)
     * @param callback called once with the result
     * @return false if nothing was sent
     */
    public boolean getGrefMappingSize(int queue, Consumer<CtrlResult> callback) {
        return send(CtrlType.GET_GREF_MAPPING_SIZE.code(), queue, 0, 0, callback);
    }

    /**
     * ADD_GREF_MAPPING (SG-3): the list of xen_netif_gref goes in a page granted read-only.
     *
     * @param queue the queue (sent as given)
     * @param grefs the grefs to stage, 0..512 (values sent as given)
     * @param readonly per gref: ask for a read-only mapping (XEN_NETIF_CTRLF_GREF_readonly); null = all writable
     * @param callback called once with the result
     * @return false if nothing was sent
     * @throws IllegalArgumentException if grefs is null, longer than 512, or readonly's length differs
     */
    public boolean addGrefMappings(int queue, int[] grefs, boolean[] readonly, Consumer<CtrlResult> callback) {
        checkList(grefs);
        if (readonly != null && readonly.length != grefs.length) {
            throw new IllegalArgumentException("readonly has " + readonly.length + " flags for " + grefs.length
                    + " grefs");
        }
        if (!ready(callback)) {
            return false;
        }
        Page page = grantPage(true);
        if (page == null) {
            return false;
        }
        ByteBuf buf = page.frame.buf();
        for (int i = 0; i < grefs.length; i++) {
            int at = i * GrefLayout.LENGTH;
            buf.setIntLE(at + GrefLayout.REF_OFFSET, grefs[i]);
            buf.setShortLE(at + GrefLayout.FLAGS_OFFSET,
                    readonly != null && readonly[i] ? NetifConstants.CTRLF_GREF_READONLY : 0);
            buf.setShortLE(at + GrefLayout.STATUS_OFFSET, 0);
        }
        return submit(CtrlType.ADD_GREF_MAPPING.code(), queue, page.gref, grefs.length, page, -1, callback);
    }

    /**
     * DEL_GREF_MAPPING (SG-4): the list goes in a page granted writable; the result's entryStatuses are read back
     * from it after the response. Never ask to delete a gref in flight (FR-7): the backend would refuse that entry.
     *
     * @param queue the queue (sent as given)
     * @param grefs the grefs to unstage, 0..512
     * @param callback called once with the result
     * @return false if nothing was sent
     * @throws IllegalArgumentException if grefs is null or longer than 512
     */
    public boolean delGrefMappings(int queue, int[] grefs, Consumer<CtrlResult> callback) {
        checkList(grefs);
        if (!ready(callback)) {
            return false;
        }
        Page page = grantPage(false);
        if (page == null) {
            return false;
        }
        ByteBuf buf = page.frame.buf();
        for (int i = 0; i < grefs.length; i++) {
            int at = i * GrefLayout.LENGTH;
            buf.setIntLE(at + GrefLayout.REF_OFFSET, grefs[i]);
            buf.setShortLE(at + GrefLayout.FLAGS_OFFSET, 0);
            buf.setShortLE(at + GrefLayout.STATUS_OFFSET, STATUS_NOT_WRITTEN);
        }
        return submit(CtrlType.DEL_GREF_MAPPING.code(), queue, page.gref, grefs.length, page, grefs.length, callback);
    }

    private static void checkList(int[] grefs) {
        if (grefs == null || grefs.length > NetifConstants.GREF_LIST_MAX_ENTRIES) {
            throw new IllegalArgumentException("gref list of " + (grefs == null ? "null" : grefs.length + " entries")
                    + " must hold 0.." + NetifConstants.GREF_LIST_MAX_ENTRIES + " entries");
        }
    }

    /**
     * Sends any request as given, with no page of its own (for tests of a backend's bounds and for new types).
     *
     * @param type the type code (u16)
     * @param d0 data[0]
     * @param d1 data[1]
     * @param d2 data[2]
     * @param callback called once with the result
     * @return false if nothing was sent
     * @throws IllegalArgumentException if the type does not fit in u16 or the callback is null
     */
    public boolean send(int type, int d0, int d1, int d2, Consumer<CtrlResult> callback) {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("type " + type + " outside 0..65535");
        }
        if (!ready(callback)) {
            return false;
        }
        return submit(type, d0, d1, d2, null, -1, callback);
    }

    // ------------------------------------------------------------------ sending

    private boolean ready(Consumer<CtrlResult> callback) {
        if (callback == null) {
            throw new IllegalArgumentException("callback is null");
        }
        return brokenReason == null && !closed && !ring.full() && freeSlot() != null;
    }

    private Pending freeSlot() {
        for (Pending p : slots) {
            if (!p.inUse) {
                return p;
            }
        }
        return null;
    }

    private boolean idInUse(int id) {
        for (Pending p : slots) {
            if (p.inUse && p.id == id) {
                return true;
            }
        }
        return false;
    }

    private Page grantPage(boolean readonly) {
        GrantTable gt = self.grantTable();
        int gref = gt.allocateRef();
        if (gref < 0) {
            return null;
        }
        Frame frame = self.allocateFrame();
        gt.grantAccess(gref, backDomid, frame, readonly);
        return new Page(frame, gref);
    }

    private boolean submit(int type, int d0, int d1, int d2, Page page, int readBackEntries,
                           Consumer<CtrlResult> callback) {
        Pending p = freeSlot();
        // At most 128 ids are reserved, so a free one is found within 129 steps.
        while (idInUse(nextId)) {
            nextId = (nextId + 1) & 0xFFFF;
        }
        int id = nextId;
        nextId = (nextId + 1) & 0xFFFF;
        request.wrap(ring.page(), ring.nextRequestOffset()).id(id).type(type).data0(d0).data1(d1).data2(d2);
        ring.advanceRequests(1);
        p.inUse = true;
        p.timedOut = false;
        p.generation++;
        p.id = id;
        p.type = type;
        p.callback = callback;
        p.page = page;
        p.readBackEntries = readBackEntries;
        if (timeoutNanos > 0) {
            int generation = p.generation;
            p.timer = scheduler.schedule(self.domid(), timeoutNanos, () -> timeout(p, generation));
        }
        awaiting++;
        if (ring.pushRequests()) {
            notifyBackend.run();
        }
        return true;
    }

    private void timeout(Pending p, int generation) {
        if (!p.inUse || p.timedOut || p.generation != generation || closed) {
            return;
        }
        // The id stays reserved until a late response frees it, so it is never matched to a newer request.
        p.timedOut = true;
        p.timer = null;
        awaiting--;
        Consumer<CtrlResult> cb = p.callback;
        p.callback = null;
        if (p.page != null) {
            releasePage(p.page);
            p.page = null;
        }
        cb.accept(CtrlResult.timeout(p.type));
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Consumes published responses (the control event channel's handler): matches each to its request by id and
     * calls its callback. Does at most one ring of responses per call, then re-queues itself on the scheduler.
     */
    public void onEvent() {
        int handled = 0;
        while (brokenReason == null && !closed) {
            int prod = ring.responseProducer();
            int outstanding = ring.reqProdPvt() - ring.rspCons();
            if (ring.responseProdOverflow(prod) || Integer.compareUnsigned(prod - ring.rspCons(), outstanding) > 0) {
                markBroken(prod, outstanding);
                return;
            }
            while (ring.rspCons() != prod) {
                if (handled == ring.size()) {
                    scheduler.execute(self.domid(), requeue); // FR-6: bounded work per call
                    return;
                }
                ring.copyResponse(ring.rspCons(), responseCopy, 0); // RING-8
                ring.consumeResponses(1);
                handled++;
                complete(response.id(), response.type(), response.status(), response.data());
            }
            if (!ring.finalCheckForResponses()) {
                return;
            }
        }
    }

    private void markBroken(int prod, int outstanding) {
        brokenReason = "FR-1: control ring rsp_prod " + Integer.toUnsignedString(prod) + " is "
                + Integer.toUnsignedString(prod - ring.rspCons()) + " ahead of rsp_cons "
                + Integer.toUnsignedString(ring.rspCons()) + " with " + Integer.toUnsignedString(outstanding)
                + " requests outstanding: backend treated as broken";
        LOG.warn("d{} control ring to d{}: {}", self.domid(), backDomid, brokenReason);
    }

    private void complete(int id, int type, int status, int data) {
        Pending p = null;
        for (Pending s : slots) {
            if (s.inUse && s.id == id) {
                p = s;
                break;
            }
        }
        if (p == null || p.type != type) {
            protocolErrors++; // unsolicited id, or the wrong type echoed (CTRL-1): ignored, FR-2's spirit
            return;
        }
        if (p.timedOut) {
            lateResponses++;
            p.inUse = false;
            return;
        }
        if (p.timer != null) {
            p.timer.cancel();
            p.timer = null;
        }
        int[] statuses = null;
        if (p.page != null) {
            if (p.readBackEntries >= 0) {
                statuses = new int[p.readBackEntries];
                ByteBuf buf = p.page.frame.buf();
                for (int i = 0; i < statuses.length; i++) {
                    statuses[i] = buf.getUnsignedShortLE(i * GrefLayout.LENGTH + GrefLayout.STATUS_OFFSET);
                }
            }
            releasePage(p.page);
            p.page = null;
        }
        Consumer<CtrlResult> cb = p.callback;
        p.callback = null;
        p.inUse = false;
        awaiting--;
        cb.accept(new CtrlResult(type, status, data, statuses, false));
    }

    private void releasePage(Page page) {
        GrantTable gt = self.grantTable();
        if (gt.endAccess(page.gref)) {
            gt.freeRef(page.gref);
            self.freeFrame(page.frame);
        } else {
            unreleased.add(page); // in use by the backend (FR-3): never reused; retried on close
        }
    }

    // ------------------------------------------------------------------ state

    /** @return requests whose callback has not been called yet */
    public int pending() {
        return awaiting;
    }

    /** @return responses ignored: id not awaited, or type not the request's */
    public long protocolErrors() {
        return protocolErrors;
    }

    /** @return responses that came after their request had timed out (dropped quietly) */
    public long lateResponses() {
        return lateResponses;
    }

    /** @return grants this client holds now: pages of awaited requests and pages whose access could not end */
    public int grantsHeld() {
        int n = unreleased.size();
        for (Pending p : slots) {
            if (p.inUse && p.page != null) {
                n++;
            }
        }
        return n;
    }

    /** @return true once the backend broke the ring protocol (FR-1) */
    public boolean broken() {
        return brokenReason != null;
    }

    /** @return why the client is broken, naming the clause; null while it is not */
    public String brokenReason() {
        return brokenReason;
    }

    /** @return the front ring (indices for reports and tests) */
    public FrontRing ring() {
        return ring;
    }

    /**
     * Abandons awaited requests (their callbacks are not called, their timers are cancelled), ends every grant the
     * client made and frees its frames. A grant the backend still uses stays granted and its page is never reused
     * (FR-3); {@link #grantsHeld()} counts it. The ring page is the caller's. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Pending p : slots) {
            if (p.timer != null) {
                p.timer.cancel();
                p.timer = null;
            }
            if (p.page != null) {
                releasePage(p.page);
                p.page = null;
            }
            p.callback = null;
            p.inUse = false;
        }
        awaiting = 0;
        List<Page> retry = new ArrayList<>(unreleased);
        unreleased.clear();
        for (Page page : retry) {
            releasePage(page);
        }
        responseCopy.release();
    }

    @Override
    public String toString() {
        return "CtrlClient[d" + self.domid() + " -> d" + backDomid + ", " + ring + ", pending=" + awaiting
                + (brokenReason != null ? ", broken" : "") + (closed ? ", closed" : "") + "]";
    }
}

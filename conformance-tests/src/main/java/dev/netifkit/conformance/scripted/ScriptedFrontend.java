package dev.netifkit.conformance.scripted;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.evtchn.EventChannels;
import dev.netifkit.hv.grant.GrantEntryV1Layout;
import dev.netifkit.hv.grant.GrantTable;
import dev.netifkit.hv.xenstore.WatchHandle;
import dev.netifkit.hv.xenstore.XenStoreConnection;
import dev.netifkit.hv.xenstore.Xenbus;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.Gref;
import dev.netifkit.proto.ctrl.GrefLayout;
import dev.netifkit.proto.extra.ExtraInfo;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.rx.RxRequest;
import dev.netifkit.proto.tx.TxRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A frontend that does exactly what it is told and nothing else: it writes raw slots into the real shared rings of
 * a netif device through the emulated hypervisor, so a backend can be driven with any input, well-formed or
 * hostile.
 *
 * <p>It grants pages under the exact gref numbers it is given ({@link #grant}); its ring pages take grefs from the
 * top of its grant table, skipping {@link FrontendSetup#avoidGrefs()}, so they never collide with a number a test
 * uses. {@link #setUp()} initialises every ring at its start index (RING-4), allocates one unbound event channel per
 * queue plus one for the control ring, writes the xenstore keys (XB-3) and goes Connected as soon as the backend is
 * InitWait. It never posts, consumes or notifies on its own: {@link #push}, {@link #setReqProd} and
 * {@link #notifyBackend} do; its event-channel handlers only count notifications.
 *
 * <p>Not thread-safe: call it on the frontend domain's context, or between tasks of a deterministic scheduler.
 */
public final class ScriptedFrontend implements AutoCloseable {
    private final Domain self;
    private final int backendDomid;
    private final String frontendPath;
    private final String backendPath;
    private final FrontendSetup setup;
    private final XenStoreConnection xs;
    private final GrantTable table;
    private final Map<Integer, Frame> pages = new TreeMap<>();
    private final List<RingPage> retiredPages = new ArrayList<>();
    private final List<Integer> retiredPorts = new ArrayList<>();
    private Connection connection;
    private int nextRingRef;
    private WatchHandle backendWatch;
    private boolean connectArmed;

    /**
     * Creates the frontend; nothing is written until {@link #setUp()}.
     *
     * @param self the frontend's own domain
     * @param backendDomid the backend's domid (ring pages and event channels are for it)
     * @param frontendPath the device's frontend directory, e.g. {@code /local/domain/1/device/vif/0}
     * @param backendPath the device's backend directory (its state is watched)
     * @param setup queues, rings, start indices and keys
     */
    public ScriptedFrontend(Domain self, int backendDomid, String frontendPath, String backendPath,
                            FrontendSetup setup) {
        if (self == null || frontendPath == null || backendPath == null || setup == null) {
            throw new IllegalArgumentException("domain, paths and setup are required");
        }
        this.self = self;
        this.backendDomid = backendDomid;
        this.frontendPath = frontendPath;
        this.backendPath = backendPath;
        this.setup = setup;
        this.xs = self.xenStore();
        this.table = self.grantTable();
        // Ring pages take grefs downwards from the top of a default-size table (skipping any gref the scenario names),
        // so a larger table is only grown when a scenario grants that high itself.
        this.nextRingRef = Math.min(table.maxFrames(), GrantTable.DEFAULT_MAX_FRAMES) * GrantEntryV1Layout.ENTRIES_PER_FRAME - 1;
    }

    // ---- pages --------------------------------------------------------------------------------------------

    /**
     * Takes a fresh zeroed page and grants it under exactly {@code gref}.
     *
     * @param gref the grant reference to use (≥ 8, free)
     * @param domid the domain granted access
     * @param readonly whether the grant is read-only
     * @return the page (the frontend may keep writing it: it owns it)
     * @throws IllegalArgumentException if the gref is taken or reserved
     */
    public Frame grant(int gref, int domid, boolean readonly) {
        if (pages.containsKey(gref)) {
            throw new IllegalArgumentException("gref " + gref + " is already granted by this frontend");
        }
        if (!table.allocateSpecificRef(gref)) {
            throw new IllegalArgumentException("gref " + gref + " is reserved or already in use in d" + self.domid()
                    + "'s grant table (size " + table.size() + ")");
        }
        Frame frame = self.allocateFrame();
        table.grantAccess(gref, domid, frame, readonly);
        pages.put(gref, frame);
        return frame;
    }

    /**
     * @param gref a gref granted with {@link #grant}
     * @return its page, or null if that gref was not granted here
     */
    public Frame page(int gref) {
        return pages.get(gref);
    }

    /** @return the pages granted with {@link #grant}, by gref */
    public Map<Integer, Frame> pages() {
        return Collections.unmodifiableMap(pages);
    }

    /**
     * Writes a {@code xen_netif_gref} list at offset 0 of one of this frontend's pages (SG-1).
     *
     * @param gref a gref granted with {@link #grant}
     * @param entries at most 512 entries
     */
    public void writeGrefList(int gref, List<Gref> entries) {
        Frame frame = requirePage(gref);
        if (entries.size() > Frame.SIZE / GrefLayout.LENGTH) {
            throw new IllegalArgumentException(entries.size() + " gref entries do not fit a page (max "
                    + Frame.SIZE / GrefLayout.LENGTH + ")");
        }
        for (int i = 0; i < entries.size(); i++) {
            entries.get(i).encode(frame.buf(), i * GrefLayout.LENGTH);
        }
    }

    private Frame requirePage(int gref) {
        Frame frame = pages.get(gref);
        if (frame == null) {
            throw new IllegalArgumentException("gref " + Integer.toUnsignedString(gref) + " was not granted by this frontend");
        }
        return frame;
    }

    // ---- xenbus -------------------------------------------------------------------------------------------

    /**
     * Sets up a fresh connection: new ring pages initialised at the start indices, new event channels, the keys,
     * state Initialising; goes Connected once the backend is InitWait. Rings of a previous connection are retired
     * (their grants ended when the backend has let go of them, see {@link #releaseRetired()}).
     */
    public void setUp() {
        if (connection != null) {
            retire(connection);
            releaseRetired();
        }
        Connection c = new Connection(setup.queues());
        EventChannels events = self.events();
        for (int q = 0; q < setup.queues(); q++) {
            c.tx[q] = newRing(RingKind.TX, setup.txStart());
            c.rx[q] = newRing(RingKind.RX, setup.rxStart());
            int port = events.allocUnbound(backendDomid);
            final int queue = q;
            events.setHandler(port, () -> c.notifications[queue]++);
            c.port[q] = port;
        }
        if (setup.ctrlRing()) {
            c.ctrl = newRing(RingKind.CTRL, 0);
            c.ctrlPort = events.allocUnbound(backendDomid);
            events.setHandler(c.ctrlPort, () -> c.ctrlNotifications++);
        }
        connection = c;
        writeKeys(c);
        Xenbus.switchState(xs, frontendPath, Xenbus.STATE_INITIALISING);
        connectArmed = true;
        if (backendWatch == null) {
            backendWatch = Xenbus.watchState(xs, backendPath, this::backendState);
        }
        backendState(Xenbus.readState(xs, backendPath));
    }

    private RingPage newRing(RingKind kind, int start) {
        int ref = nextRingRef();
        Frame frame = self.allocateFrame();
        FrontRing ring = FrontRing.init(frame.buf(), kind.geometry(), start);
        table.grantAccess(ref, backendDomid, frame, false);
        return new RingPage(ref, frame, ring);
    }

    private int nextRingRef() {
        while (nextRingRef >= GrantEntryV1Layout.RESERVED_ENTRIES) {
            int ref = nextRingRef--;
            if (!setup.avoidGrefs().contains(ref) && !pages.containsKey(ref) && table.allocateSpecificRef(ref)) {
                return ref;
            }
        }
        throw new IllegalStateException("no free gref left for a ring page in d" + self.domid() + "'s grant table");
    }

    private void writeKeys(Connection c) {
        Map<String, String> keys = new LinkedHashMap<>(FrontendSetup.DEFAULT_KEYS);
        if (setup.queues() == 1) {
            keys.put("tx-ring-ref", Integer.toUnsignedString(c.tx[0].ref));
            keys.put("rx-ring-ref", Integer.toUnsignedString(c.rx[0].ref));
            keys.put("event-channel", Integer.toString(c.port[0]));
        } else {
            keys.put("multi-queue-num-queues", Integer.toString(setup.queues()));
            for (int q = 0; q < setup.queues(); q++) {
                keys.put("queue-" + q + "/tx-ring-ref", Integer.toUnsignedString(c.tx[q].ref));
                keys.put("queue-" + q + "/rx-ring-ref", Integer.toUnsignedString(c.rx[q].ref));
                keys.put("queue-" + q + "/event-channel", Integer.toString(c.port[q]));
            }
        }
        if (c.ctrl != null) {
            keys.put("ctrl-ring-ref", Integer.toUnsignedString(c.ctrl.ref));
            keys.put("event-channel-ctrl", Integer.toString(c.ctrlPort));
        }
        keys.putAll(setup.keyOverrides());
        for (Map.Entry<String, String> e : keys.entrySet()) {
            if (e.getValue() != null) {
                xs.write(frontendPath + "/" + e.getKey(), e.getValue());
            }
        }
    }

    /** Watch callback (frontend context): connect once the backend has published its features (XB-3). */
    private void backendState(int state) {
        if (connectArmed && state == Xenbus.STATE_INIT_WAIT) {
            connectArmed = false;
            Xenbus.switchState(xs, frontendPath, Xenbus.STATE_CONNECTED);
        }
    }

    /** Switches to Closing (the backend disconnects its rings). */
    public void closing() {
        connectArmed = false;
        Xenbus.switchState(xs, frontendPath, Xenbus.STATE_CLOSING);
    }

    /** Switches to Closed. */
    public void closed() {
        connectArmed = false;
        Xenbus.switchState(xs, frontendPath, Xenbus.STATE_CLOSED);
    }

    /** @return the frontend's xenbus state as written in xenstore */
    public int state() {
        return Xenbus.readState(xs, frontendPath);
    }

    /**
     * Retires the current connection's rings (after {@link #closed()}) and tries to end access to them.
     *
     * @return the ring grefs the backend still holds (their access could not be ended; they are never reused, FR-3)
     */
    public List<Integer> disconnect() {
        if (connection != null) {
            retire(connection);
            connection = null;
        }
        return releaseRetired();
    }

    private void retire(Connection c) {
        for (int q = 0; q < c.tx.length; q++) {
            retiredPages.add(c.tx[q]);
            retiredPages.add(c.rx[q]);
            retiredPorts.add(c.port[q]);
        }
        if (c.ctrl != null) {
            retiredPages.add(c.ctrl);
            retiredPorts.add(c.ctrlPort);
        }
    }

    /**
     * Ends access to retired ring pages the backend has let go of, and closes retired event channels.
     *
     * @return the retired ring grefs still in use by the backend
     */
    public List<Integer> releaseRetired() {
        for (int port : retiredPorts) {
            self.events().close(port);
        }
        retiredPorts.clear();
        List<Integer> inUse = new ArrayList<>();
        for (int i = retiredPages.size() - 1; i >= 0; i--) {
            RingPage p = retiredPages.get(i);
            if (table.endAccess(p.ref)) {
                table.freeRef(p.ref);
                self.freeFrame(p.frame);
                retiredPages.remove(i);
            } else {
                inUse.add(p.ref);
            }
        }
        Collections.sort(inUse);
        return inUse;
    }

    // ---- rings --------------------------------------------------------------------------------------------

    /**
     * Writes a tx request at the queue's private request producer and advances it (nothing is published).
     *
     * @param queue the queue
     * @param request the request, as is
     */
    public void writeTxRequest(int queue, TxRequest request) {
        FrontRing ring = ring(RingKind.TX, queue);
        overwriteTxRequest(queue, ring.reqProdPvt(), request);
        ring.advanceRequests(1);
    }

    /**
     * Writes an extra-info slot at the queue's private request producer and advances it.
     *
     * @param queue the queue
     * @param extra the extra, as is (8 bytes; the slot's other 4 bytes are zeroed)
     */
    public void writeTxExtra(int queue, ExtraInfo extra) {
        FrontRing ring = ring(RingKind.TX, queue);
        overwriteTxExtra(queue, ring.reqProdPvt(), extra);
        ring.advanceRequests(1);
    }

    /**
     * Writes an rx request at the queue's private request producer and advances it.
     *
     * @param queue the queue
     * @param request the request
     */
    public void writeRxRequest(int queue, RxRequest request) {
        FrontRing ring = ring(RingKind.RX, queue);
        overwriteRxRequest(queue, ring.reqProdPvt(), request);
        ring.advanceRequests(1);
    }

    /**
     * Writes a control request at the control ring's private request producer and advances it.
     *
     * @param request the request
     */
    public void writeCtrlRequest(CtrlRequest request) {
        FrontRing ring = ring(RingKind.CTRL, 0);
        overwriteCtrlRequest(ring.reqProdPvt(), request);
        ring.advanceRequests(1);
    }

    /**
     * Overwrites the tx slot of a ring index with a request, published or not (hostile use).
     *
     * @param queue the queue
     * @param index a u32 ring index
     * @param request the request
     */
    public void overwriteTxRequest(int queue, int index, TxRequest request) {
        FrontRing ring = ring(RingKind.TX, queue);
        int at = ring.requestOffset(index);
        ring.page().setZero(at, ring.geometry().slotSize());
        request.encode(ring.page(), at);
    }

    /**
     * Overwrites the tx slot of a ring index with an extra-info slot.
     *
     * @param queue the queue
     * @param index a u32 ring index
     * @param extra the extra
     */
    public void overwriteTxExtra(int queue, int index, ExtraInfo extra) {
        FrontRing ring = ring(RingKind.TX, queue);
        int at = ring.requestOffset(index);
        ring.page().setZero(at, ring.geometry().slotSize());
        extra.encode(ring.page(), at);
    }

    /**
     * Overwrites the rx slot of a ring index with a request.
     *
     * @param queue the queue
     * @param index a u32 ring index
     * @param request the request
     */
    public void overwriteRxRequest(int queue, int index, RxRequest request) {
        FrontRing ring = ring(RingKind.RX, queue);
        request.encode(ring.page(), ring.requestOffset(index));
    }

    /**
     * Overwrites the control slot of a ring index with a request.
     *
     * @param index a u32 ring index
     * @param request the request
     */
    public void overwriteCtrlRequest(int index, CtrlRequest request) {
        FrontRing ring = ring(RingKind.CTRL, 0);
        request.encode(ring.page(), ring.requestOffset(index));
    }

    /**
     * Publishes req_prod = req_prod_pvt (release order, RING-5) and notifies the backend unconditionally.
     *
     * @param kind the ring
     * @param queue the queue (ignored for the control ring)
     */
    public void push(RingKind kind, int queue) {
        ring(kind, queue).pushRequests();
        notifyBackend(kind, queue);
    }

    /**
     * Hostile: writes the shared req_prod directly (the private producer is unchanged) and notifies.
     *
     * @param kind the ring
     * @param queue the queue (ignored for the control ring)
     * @param value the u32 value
     */
    public void setReqProd(RingKind kind, int queue, int value) {
        ring(kind, queue).header().reqProd(value);
        notifyBackend(kind, queue);
    }

    /**
     * Notifies the backend on the ring's event channel.
     *
     * @param kind the ring
     * @param queue the queue (ignored for the control ring)
     */
    public void notifyBackend(RingKind kind, int queue) {
        Connection c = requireConnection();
        self.events().notify(kind == RingKind.CTRL ? requireCtrl(c).ctrlPort : c.port[checkQueue(queue)]);
    }

    /**
     * @param kind the ring
     * @param queue the queue (ignored for the control ring)
     * @return the current connection's ring
     */
    public FrontRing ring(RingKind kind, int queue) {
        return ringPage(kind, queue).ring;
    }

    /**
     * @param kind the ring
     * @param queue the queue (ignored for the control ring)
     * @return the gref the ring page is granted under
     */
    public int ringRef(RingKind kind, int queue) {
        return ringPage(kind, queue).ref;
    }

    /**
     * @param kind the ring
     * @param queue the queue (ignored for the control ring)
     * @return the ring's page
     */
    public Frame ringFrame(RingKind kind, int queue) {
        return ringPage(kind, queue).frame;
    }

    private RingPage ringPage(RingKind kind, int queue) {
        Connection c = requireConnection();
        switch (kind) {
            case TX:
                return c.tx[checkQueue(queue)];
            case RX:
                return c.rx[checkQueue(queue)];
            default:
                return requireCtrl(c).ctrl;
        }
    }

    /** @return the grefs of the current connection's ring pages (empty before {@link #setUp()}) */
    public Set<Integer> ringRefs() {
        Set<Integer> out = new LinkedHashSet<>();
        if (connection != null) {
            for (int q = 0; q < connection.tx.length; q++) {
                out.add(connection.tx[q].ref);
                out.add(connection.rx[q].ref);
            }
            if (connection.ctrl != null) {
                out.add(connection.ctrl.ref);
            }
        }
        return out;
    }

    /**
     * @param kind the ring
     * @return the index its rings are initialised at
     */
    public int startIndex(RingKind kind) {
        switch (kind) {
            case TX:
                return setup.txStart();
            case RX:
                return setup.rxStart();
            default:
                return 0;
        }
    }

    /**
     * @param queue the queue
     * @return notifications received on the queue's event channel in the current connection
     */
    public long notifications(int queue) {
        return requireConnection().notifications[checkQueue(queue)];
    }

    /** @return notifications received on the control ring's event channel in the current connection */
    public long ctrlNotifications() {
        return requireCtrl(requireConnection()).ctrlNotifications;
    }

    /** @return the setup */
    public FrontendSetup setup() {
        return setup;
    }

    /** @return whether {@link #setUp()} made a connection that is not yet retired */
    public boolean hasConnection() {
        return connection != null;
    }

    private Connection requireConnection() {
        if (connection == null) {
            throw new IllegalStateException("the scripted frontend has no rings: call setUp() first");
        }
        return connection;
    }

    private Connection requireCtrl(Connection c) {
        if (c.ctrl == null) {
            throw new IllegalStateException("the scripted frontend has no control ring (ctrlRing is false)");
        }
        return c;
    }

    private int checkQueue(int queue) {
        if (queue < 0 || queue >= setup.queues()) {
            throw new IllegalArgumentException("queue " + queue + " (the frontend has " + setup.queues() + ")");
        }
        return queue;
    }

    /** Stops watching the backend. */
    @Override
    public void close() {
        if (backendWatch != null) {
            backendWatch.cancel();
            backendWatch = null;
        }
    }

    /** A ring page: its gref, frame and front ring. */
    private static final class RingPage {
        final int ref;
        final Frame frame;
        final FrontRing ring;

        RingPage(int ref, Frame frame, FrontRing ring) {
            this.ref = ref;
            this.frame = frame;
            this.ring = ring;
        }
    }

    /** One connection's rings, event channels and notification counts. */
    private static final class Connection {
        final RingPage[] tx;
        final RingPage[] rx;
        final int[] port;
        final long[] notifications;
        RingPage ctrl;
        int ctrlPort = -1;
        long ctrlNotifications;

        Connection(int queues) {
            tx = new RingPage[queues];
            rx = new RingPage[queues];
            port = new int[queues];
            notifications = new long[queues];
        }
    }
}

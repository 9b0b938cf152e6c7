package dev.netifkit.netback;

import dev.netifkit.ctrl.CtrlBackend;
import dev.netifkit.ctrl.CtrlBackendConfig;
import dev.netifkit.ctrl.GrefMappingTable;
import dev.netifkit.ctrl.HashConfig;
import dev.netifkit.ctrl.Steering;
import dev.netifkit.ctrl.SteeringResult;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.xenstore.WatchHandle;
import dev.netifkit.hv.xenstore.XenStoreConnection;
import dev.netifkit.hv.xenstore.Xenbus;
import dev.netifkit.proto.XenbusState;
import dev.netifkit.proto.ring.SringHeader;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One backend vif device: the reference netback.
 *
 * <p>{@link #start()} publishes the backend's features and goes InitWait (XB-2); when the frontend goes
 * Connected the backend reads its keys, maps its rings, binds its event channels and goes Connected (XB-3), or
 * refuses and says why in its {@code error} node (XB-4). A fatal frontend error (BK-1..BK-8, RING-9) disables the
 * whole device: the reason, with its clause, is kept ({@link #violation()}) and written to the {@code error}
 * node. Frontend Closing/Closed disconnects cleanly — rings unmapped, staging mappings dropped (SG-5) — and a
 * frontend that initialises again is served again.
 *
 * <p>All work runs on the backend domain's scheduler context; {@link #guestRx} must be called there too.
 */
public final class Netback implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Netback.class);

    private final Domain self;
    private final String backendPath;
    private final NetbackSettings settings;
    private final NetworkPort port;
    private final XenStoreConnection xs;
    private final McastFilter mcast;
    private final SteeringResult steering = new SteeringResult();
    private final List<Throwable> internalErrors = new ArrayList<>();

    private String frontendPath;
    private int frontDomid = -1;
    private volatile XenbusState xenbusState = XenbusState.INITIALISING; // volatile: harness threads poll them
    private volatile DeviceState state = DeviceState.CLOSED;
    private volatile Violation violation;
    private boolean disabled;
    private WatchHandle frontendWatch;
    private WatchHandle mcastWatch;
    private FrontendConfig frontend;
    private volatile NetbackQueue[] queues = new NetbackQueue[0];
    private HashConfig hash;
    private CtrlBackend ctrl;
    private int ctrlHandle = -1;
    private int ctrlPort = -1;
    private boolean ctrlQueued;
    private CreditLimiter credit;
    private boolean multicastControl;
    private long portErrors;
    private int stalledQueues;
    private long rxDroppedNotConnected;

    /**
     * Creates the device; nothing happens until {@link #start()}.
     *
     * @param self the backend's own domain
     * @param backendPath the device's backend directory, e.g. {@code /local/domain/0/backend/vif/1/0}
     * @param settings limits and datapath mode
     * @param port where guest-transmitted packets go
     */
    public Netback(Domain self, String backendPath, NetbackSettings settings, NetworkPort port) {
        if (self == null || backendPath == null || settings == null || port == null) {
            throw new IllegalArgumentException("domain, backend path, settings and port are required");
        }
        this.self = self;
        this.backendPath = backendPath;
        this.settings = settings;
        this.port = port;
        this.xs = self.xenStore();
        this.mcast = new McastFilter(settings.mcastMax());
    }

    /**
     * Probes the device (XB-2): reads where the frontend is, publishes the features, goes InitWait and watches the
     * frontend's state.
     *
     * @throws IllegalStateException if the toolstack did not create the backend directory
     */
    public void start() {
        frontendPath = xs.read(backendPath + "/frontend");
        String id = xs.read(backendPath + "/frontend-id");
        if (frontendPath == null || id == null) {
            throw new IllegalStateException("no frontend/frontend-id under " + backendPath + ": create the device first");
        }
        frontDomid = Integer.parseInt(id.trim());
        probe();
        frontendWatch = Xenbus.watchState(xs, frontendPath, this::frontendChanged);
    }

    private void probe() {
        xs.write(backendPath + "/feature-sg", "1");
        xs.write(backendPath + "/feature-gso-tcpv4", "1");
        xs.write(backendPath + "/feature-gso-tcpv6", "1");
        xs.write(backendPath + "/feature-ipv6-csum-offload", "1");
        xs.write(backendPath + "/feature-rx-copy", "1");
        xs.write(backendPath + "/feature-rx-flip", "0");
        xs.write(backendPath + "/feature-multicast-control", settings.offerMulticastControl() ? "1" : "0");
        xs.write(backendPath + "/feature-dynamic-multicast-control", settings.offerMulticastControl() ? "1" : "0");
        xs.write(backendPath + "/feature-split-event-channels", settings.offerSplitEventChannels() ? "1" : "0");
        xs.write(backendPath + "/multi-queue-max-queues", Integer.toString(settings.maxQueues()));
        xs.write(backendPath + "/feature-ctrl-ring", settings.offerCtrlRing() ? "1" : "0");
        state = DeviceState.WAITING;
        transition(XenbusState.INIT_WAIT, "features published");
    }

    /** The frontend's xenbus state changed (watch callback, backend context). */
    private void frontendChanged(int code) {
        XenbusState fe = XenbusState.fromCode(code);
        switch (fe) {
            case INITIALISING:
                if (xenbusState == XenbusState.CLOSED) {
                    probe(); // the frontend reconnects
                }
                break;
            case CONNECTED:
                if (state == DeviceState.WAITING) {
                    connect();
                }
                break;
            case CLOSING:
                disconnect();
                transition(XenbusState.CLOSING, "frontend closing");
                break;
            case CLOSED:
            case UNKNOWN:
                disconnect();
                transition(XenbusState.CLOSED, "frontend " + fe);
                break;
            default:
                break;
        }
    }

    /** The one place the backend's xenbus state changes. */
    private void transition(XenbusState next, String reason) {
        if (next == xenbusState) {
            return;
        }
        LOG.debug("netback {}: {} -> {} ({})", backendPath, xenbusState, next, reason);
        xenbusState = next;
        Xenbus.switchState(xs, backendPath, next.code());
    }

    private void connect() {
        FrontendConfig.Read read = FrontendConfig.read(xs, frontendPath, settings.maxQueues());
        if (read.refusal() != null) {
            refuse(read.refusal());
            return;
        }
        frontend = read.config();
        disabled = false;
        violation = null;
        mcast.clear();
        credit = CreditLimiter.parse(xs.read(backendPath + "/rate"), self.scheduler(), self.domid(), this::kickAllTx);
        hash = new HashConfig(frontend.numQueues());
        GrefMappingTable[] tables = null;
        if (settings.mode() == DatapathMode.STAGING && frontend.ctrlRing()) {
            tables = new GrefMappingTable[frontend.numQueues()];
            for (int q = 0; q < tables.length; q++) {
                tables[q] = new GrefMappingTable(q, settings.grefMappingSize());
            }
        }
        queues = new NetbackQueue[frontend.numQueues()];
        for (int q = 0; q < queues.length; q++) {
            queues[q] = new NetbackQueue(this, q, frontend, tables == null ? null : tables[q]);
            Violation v = queues[q].connect(credit);
            if (v != null) {
                refuse(v);
                return;
            }
        }
        if (frontend.ctrlRing()) {
            Violation v = connectCtrl(tables);
            if (v != null) {
                refuse(v);
                return;
            }
        }
        multicastControl = frontend.multicastControl();
        mcastWatch = xs.watch(frontendPath + "/request-multicast-control", "mcast",
                (path, token) -> multicastControl = FrontendConfig.flag(xs, frontendPath + "/request-multicast-control"));
        state = DeviceState.CONNECTED;
        transition(XenbusState.CONNECTED, frontend.numQueues() + " queue(s) connected");
        // Requests posted before we connected (a frontend fills its rx ring first) are served now.
        for (NetbackQueue q : queues) {
            q.kickTx();
            q.kickRx();
        }
        if (ctrl != null) {
            runCtrl();
        }
    }

    private Violation connectCtrl(GrefMappingTable[] tables) {
        ctrlHandle = self.mapGrant(frontDomid, frontend.ctrlRingRef(), false);
        if (ctrlHandle < 0) {
            return new Violation("XB-4", "cannot map ctrl-ring-ref " + Integer.toUnsignedString(frontend.ctrlRingRef())
                    + " of domain " + frontDomid + " (grant status " + ctrlHandle + ")");
        }
        ctrlPort = self.events().bindInterdomain(frontDomid, frontend.ctrlEventChannel());
        if (ctrlPort < 0) {
            return new Violation("XB-4", "cannot bind event-channel-ctrl " + frontend.ctrlEventChannel()
                    + " of domain " + frontDomid + " (error " + ctrlPort + ")");
        }
        ByteBuf page = self.mappedView(ctrlHandle);
        int start = new SringHeader(page).rspProd();
        int port = ctrlPort;
        ctrl = new CtrlBackend(self, frontDomid, page, start,
                CtrlBackendConfig.defaults(frontend.numQueues(), tables != null), hash, tables,
                (q, gref) -> q >= 0 && q < queues.length && queues[q].posted(gref),
                () -> self.events().notify(port));
        self.events().setHandler(ctrlPort, this::runCtrl);
        return null;
    }

    /** Control ring work, bounded per task (BK-17): re-queued while the handler says work remains. */
    private void runCtrl() {
        if (ctrl == null || ctrlQueued || disabled) {
            return;
        }
        boolean more;
        try {
            more = ctrl.process();
        } catch (RuntimeException | AssertionError e) {
            internalError("control ring", e);
            return;
        }
        if (more) {
            ctrlQueued = true;
            self.scheduler().execute(self.domid(), () -> {
                ctrlQueued = false;
                runCtrl();
            });
        }
    }

    private void kickAllTx() {
        for (NetbackQueue q : queues) {
            q.kickTx();
        }
    }

    private void refuse(Violation v) {
        LOG.debug("netback {}: refusing to connect: {}", backendPath, v);
        teardown();
        violation = v;
        state = DeviceState.REFUSED;
        xs.write(backendPath + "/error", v.toString());
        transition(XenbusState.CLOSING, "refused");
    }

    /** A fatal frontend error: the whole device stops (BK-1..BK-8 "fatal"). */
    void fatal(Violation v) {
        if (disabled) {
            return;
        }
        LOG.debug("netback {}: fatal: {}", backendPath, v);
        disabled = true;
        violation = v;
        state = DeviceState.FATAL;
        xs.write(backendPath + "/error", v.toString());
    }

    void internalError(String where, Throwable e) {
        internalErrors.add(e);
        LOG.error("netback {}: internal error in {}", backendPath, where, e);
        fatal(new Violation("INTERNAL", where + ": " + e));
    }

    private void disconnect() {
        if (state == DeviceState.CONNECTED || state == DeviceState.FATAL) {
            teardown();
            state = DeviceState.CLOSED;
        } else if (state == DeviceState.WAITING || state == DeviceState.REFUSED) {
            state = DeviceState.CLOSED;
        }
    }

    /** Releases everything a connection holds; safe on a half-made connection. */
    private void teardown() {
        if (mcastWatch != null) {
            mcastWatch.cancel();
            mcastWatch = null;
        }
        if (ctrl != null) {
            ctrl.close(); // SG-5: every staging mapping is dropped and unmapped
            ctrl = null;
        }
        if (ctrlPort > 0) {
            self.events().close(ctrlPort);
            ctrlPort = -1;
        }
        if (ctrlHandle >= 0) {
            self.unmapGrant(ctrlHandle);
            ctrlHandle = -1;
        }
        for (NetbackQueue q : queues) {
            if (q != null) { // a refused connect may have built only some queues
                q.disconnect();
            }
        }
        queues = new NetbackQueue[0];
        stalledQueues = 0;
        if (credit != null) {
            credit.close();
            credit = null;
        }
    }

    void deliver(NetworkPort target, TxPacket packet) {
        try {
            target.transmit(packet);
        } catch (RuntimeException e) {
            portErrors++; // the network side's fault, not the frontend's: count it and go on
            LOG.warn("netback {}: network port threw", backendPath, e);
        }
    }

    /**
     * Hands a packet from the network side to the guest (SPEC.md §4): filtered by the multicast list when the
     * frontend asked for multicast control (BK-16), steered by the control ring's hash configuration when
     * Toeplitz hashing is on, queued (bounded, BK-15) and delivered when enough rx requests are posted (BK-13).
     * The bytes are copied into backend memory before this returns.
     *
     * @param queue the queue to use, or -1 to let the backend choose
     * @param data the frame (Ethernet header first)
     * @param offset first byte
     * @param length bytes, 1..65535
     * @param meta checksum and GSO metadata
     * @return true if the packet was queued, false if it was dropped (counted)
     */
    public boolean guestRx(int queue, ByteBuf data, int offset, int length, RxMeta meta) {
        if (length < 1 || length > 0xFFFF) {
            throw new IllegalArgumentException("guest rx packet of " + length + " bytes (expected 1..65535)");
        }
        if (state != DeviceState.CONNECTED || disabled) {
            rxDroppedNotConnected++;
            return false;
        }
        if (queue >= queues.length || queue < -1) {
            throw new IllegalArgumentException("guest rx queue " + queue + " (device has " + queues.length + ")");
        }
        boolean hashed = Steering.steer(hash, data, offset, length, steering);
        int q = queue >= 0 ? queue : steering.queue >= 0 ? steering.queue : 0;
        NetbackQueue target = queues[q];
        if (stalledQueues > 0) {
            target.counters().rxDroppedCarrierOff++; // BK-15: carrier off until the stalled queue gets slots
            return false;
        }
        if (multicastControl && length >= 6 && filtered(data, offset)) {
            target.counters().rxDroppedFilter++;
            return false;
        }
        boolean queued = target.enqueueRx(data, offset, length, meta, hashed,
                hashed ? steering.hashType.bit() : 0, steering.hash);
        if (queued) {
            target.scheduleRx();
        }
        return queued;
    }

    /** BK-16: a multicast destination not in the list is filtered; broadcast never is. */
    private boolean filtered(ByteBuf data, int offset) {
        if ((data.getUnsignedByte(offset) & 1) == 0) {
            return false;
        }
        long dest = 0;
        for (int i = 0; i < 6; i++) {
            dest = dest << 8 | data.getUnsignedByte(offset + i);
        }
        return dest != 0xFFFF_FFFF_FFFFL && !mcast.contains(dest);
    }

    /** Disconnects and stops watching: the device is destroyed. */
    @Override
    public void close() {
        teardown();
        if (frontendWatch != null) {
            frontendWatch.cancel();
            frontendWatch = null;
        }
        state = DeviceState.CLOSED;
    }

    // ---- observation -------------------------------------------------------------------------------------

    /** @return where the device stands */
    public DeviceState state() {
        return state;
    }

    /** @return the backend's xenbus state */
    public XenbusState xenbusState() {
        return xenbusState;
    }

    /** @return why the device is FATAL or REFUSED, or null */
    public Violation violation() {
        return violation;
    }

    /** @return queues of the current connection (0 when not connected) */
    public int queueCount() {
        return queues.length;
    }

    /**
     * @param queue a connected queue
     * @return its counters
     */
    public QueueCounters counters(int queue) {
        return queues[queue].counters();
    }

    /** @return every counter summed over the connected queues, plus device-level ones */
    public Map<String, Long> counters() {
        Map<String, Long> sum = new LinkedHashMap<>();
        for (NetbackQueue q : queues) {
            q.counters().asMap().forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
        sum.put("rx_dropped_not_connected", rxDroppedNotConnected);
        sum.put("port_errors", portErrors);
        sum.put("mcast_addresses", (long) mcast.size());
        return sum;
    }

    /**
     * @param queue a connected queue
     * @return its staging table, or null when staging is off or there is no control ring
     */
    public GrefMappingTable stagingTable(int queue) {
        return queue < queues.length ? queues[queue].stagingTable() : null;
    }

    /** @return false while the carrier is off: some queue is stalled (BK-15) */
    public boolean carrierOn() {
        return stalledQueues == 0;
    }

    /**
     * @param queue a connected queue
     * @return true while that queue is stalled for lack of rx slots (BK-15)
     */
    public boolean stalled(int queue) {
        return queues[queue].stalled();
    }

    void queueStalled(boolean stalled) {
        stalledQueues += stalled ? 1 : -1;
    }

    /**
     * @param queue a connected queue
     * @return packets waiting for rx slots
     */
    public int queuedRx(int queue) {
        return queues[queue].queuedRx();
    }

    /** @return the hash configuration set over the control ring, or null when not connected */
    public HashConfig hashConfig() {
        return hash;
    }

    /** @return the control ring handler, or null without a control ring */
    public CtrlBackend ctrl() {
        return ctrl;
    }

    /** @return exceptions caught at the datapath boundary (each also disabled the device); empty when healthy */
    public List<Throwable> internalErrors() {
        return Collections.unmodifiableList(internalErrors);
    }

    /** @return the device's backend directory */
    public String backendPath() {
        return backendPath;
    }

    Domain self() {
        return self;
    }

    int frontDomid() {
        return frontDomid;
    }

    NetbackSettings settings() {
        return settings;
    }

    NetworkPort port() {
        return port;
    }

    McastFilter mcast() {
        return mcast;
    }

    boolean disabled() {
        return disabled;
    }
}

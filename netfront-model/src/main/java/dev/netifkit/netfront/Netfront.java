package dev.netifkit.netfront;

import dev.netifkit.ctrl.CtrlClient;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.grant.GrantTable;
import dev.netifkit.hv.xenstore.WatchHandle;
import dev.netifkit.hv.xenstore.XenStoreConnection;
import dev.netifkit.hv.xenstore.XenStoreException;
import dev.netifkit.hv.xenstore.Xenbus;
import dev.netifkit.proto.NetifConstants;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * One frontend vif device: the reference netfront.
 *
 * <p>Lifecycle (XB-1..XB-3): {@link #start()} reads where the backend is and watches its state. When the backend
 * reaches InitWait the frontend reads its features, builds each queue (ring pages initialised and granted, event
 * channels allocated, the whole rx ring posted), sets up a control ring when offered and asked, writes its keys in
 * one xenstore transaction and publishes Connected ({@link FrontState#CONNECTING}). When the backend is Connected
 * the datapath runs ({@link FrontState#CONNECTED}) and staging grants are negotiated per queue over the control
 * ring (SG-5..SG-7; without them the queue runs on per-packet grants, never an error, FR-7).
 *
 * <p>A backend that breaks a FR rule makes the device {@link FrontState#BROKEN}: no more requests nor
 * notifications; {@link #brokenClause()}/{@link #brokenReason()} say why. {@link #close()} publishes Closing, waits
 * (through xenstore, as usual) for the backend to disconnect, then ends every grant and frees every frame: the
 * frontend's grant table is empty afterwards, except grants FR-3 leaked on purpose. {@link #reconnect()} does the
 * same and starts again.
 *
 * <p>Threading: every method must run on the frontend domain's execution context (in deterministic mode: the
 * thread driving the scheduler, between tasks); event handlers and watch callbacks run there too. The datapath
 * ({@link #transmit}, {@link #flush}, event handling) allocates nothing per packet.
 */
public final class Netfront implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Netfront.class);

    private final Domain self;
    private final String frontendPath;
    private final NetfrontSettings settings;
    private final PacketSink sink;
    private final XenStoreConnection xs;

    private String backendPath;
    private int backDomid = -1;
    private volatile FrontState state; // read by harness threads (threaded mode)
    private boolean running;
    private boolean shared;
    private boolean restartPending;
    private WatchHandle backendWatch;
    private BackendFeatures features;
    private volatile FrontQueue[] queues = new FrontQueue[0];
    private CtrlClient ctrl;
    private Frame ctrlFrame;
    private int ctrlRef = -1;
    private int ctrlPort = -1;
    private volatile String brokenClause;
    private volatile String brokenReason;
    private String closeReason;
    private long grantsLeaked;
    private int connections;

    /**
     * Creates the device; nothing happens until {@link #start()}.
     *
     * @param self the frontend's own domain
     * @param frontendPath the device's frontend directory, e.g. {@code /local/domain/1/device/vif/0}
     * @param settings the frontend's choices
     * @param sink where received packets go
     */
    public Netfront(Domain self, String frontendPath, NetfrontSettings settings, PacketSink sink) {
        if (self == null || frontendPath == null || settings == null || sink == null) {
            throw new IllegalArgumentException("domain, frontend path, settings and sink are required (got " + self
                    + ", " + frontendPath + ", " + settings + ", " + sink + ")");
        }
        this.self = self;
        this.frontendPath = frontendPath;
        this.settings = settings;
        this.sink = sink;
        this.xs = self.xenStore();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Reads {@code backend} and {@code backend-id} under the frontend directory, publishes Initialising and watches
     * the backend's state.
     *
     * @throws IllegalStateException if already started, or the toolstack did not create the device
     */
    public void start() {
        if (state != null) {
            throw new IllegalStateException("netfront " + frontendPath + " already started (state " + state + ")");
        }
        String back = xs.read(frontendPath + "/backend");
        String id = xs.read(frontendPath + "/backend-id");
        if (back == null || id == null) {
            throw new IllegalStateException("no backend/backend-id under " + frontendPath + ": create the device first");
        }
        try {
            backDomid = Integer.parseInt(id.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(frontendPath + "/backend-id = '" + id + "' is not a domain id", e);
        }
        backendPath = back;
        transition(FrontState.INITIALISING, "started");
        watchBackend();
    }

    private void watchBackend() {
        if (backendWatch == null) {
            backendWatch = Xenbus.watchState(xs, backendPath, this::backendChanged);
        }
    }

    /** The backend's xenbus state changed (watch callback, frontend context). */
    private void backendChanged(int backend) {
        if (state == null) {
            return;
        }
        boolean gone = backend == Xenbus.STATE_CLOSING || backend == Xenbus.STATE_CLOSED
                || backend == Xenbus.STATE_UNKNOWN;
        switch (state) {
            case INITIALISING:
                if (backend == Xenbus.STATE_INIT_WAIT) {
                    connectToBackend();
                }
                break;
            case CONNECTING:
                if (backend == Xenbus.STATE_CONNECTED) {
                    backendConnected();
                } else if (gone) {
                    backendGone(backend);
                }
                break;
            case CONNECTED:
            case BROKEN:
                if (gone) {
                    backendGone(backend);
                }
                break;
            case CLOSING:
                if (gone) {
                    finishClose("backend " + Xenbus.stateName(backend));
                }
                break;
            case CLOSED:
                if (restartPending && backend == Xenbus.STATE_CLOSED) {
                    restart();
                }
                break;
            default:
                break;
        }
    }

    /** Backend InitWait: build the queues, write the keys, publish Connected (XB-3). */
    private void connectToBackend() {
        features = BackendFeatures.read(xs, backendPath);
        if (!features.rxCopy()) {
            fail("XB-2", "backend " + backendPath + " does not offer feature-rx-copy (page flipping is not supported)");
            return;
        }
        int n = Math.min(settings.queues(), features.maxQueues());
        boolean split = settings.splitEventChannels() && features.splitEventChannels();
        connections++;
        brokenClause = null;
        brokenReason = null;
        closeReason = null;
        queues = new FrontQueue[n];
        try {
            for (int q = 0; q < n; q++) {
                queues[q] = new FrontQueue(this, self, q, backDomid, settings, new FrontCounters(), sink);
                queues[q].setup(split, features);
            }
            if (settings.useCtrlRing() && features.ctrlRing()) {
                setupCtrl();
            }
            Map<String, String> keys = XenbusKeys.keys(frontendPath, queues, ctrlRef, ctrlPort,
                    settings.requestMulticastControl());
            XenbusKeys.write(xs, frontendPath, keys);
        } catch (FrontQueue.SetupFailure | XenStoreException e) {
            release();
            fail("XB-3", "setup failed: " + e.getMessage());
            return;
        }
        shared = true;
        transition(FrontState.CONNECTING, n + " queue(s)" + (split ? ", split event channels" : "")
                + (ctrl != null ? ", control ring" : "") + ": keys written");
    }

    private void setupCtrl() throws FrontQueue.SetupFailure {
        GrantTable gt = self.grantTable();
        ctrlFrame = self.allocateFrame();
        int ref = gt.allocateRef();
        if (ref < 0) {
            throw new FrontQueue.SetupFailure("no grant reference left for ctrl-ring-ref");
        }
        int port = self.events().allocUnbound(backDomid);
        if (port < 0) {
            gt.freeRef(ref);
            throw new FrontQueue.SetupFailure("no event channel port for event-channel-ctrl (error " + port + ")");
        }
        CtrlClient client = new CtrlClient(self, backDomid, ctrlFrame.buf(), 0, () -> self.events().notify(port),
                self.scheduler(), settings.ctrlTimeoutMs() * 1_000_000L);
        gt.grantAccess(ref, backDomid, ctrlFrame, false);
        ctrlRef = ref;
        ctrlPort = port;
        ctrl = client;
        self.events().setHandler(port, client::onEvent);
    }

    /** Backend Connected: the datapath runs; staging grants are negotiated (SG-5). */
    private void backendConnected() {
        transition(FrontState.CONNECTED, "backend connected");
        for (FrontQueue q : queues) {
            if (running) {
                q.connected();
            }
        }
        if (settings.staging()) {
            for (FrontQueue q : queues) {
                if (running) {
                    q.beginStaging(ctrl);
                }
            }
        }
    }

    /** The backend disconnected on its own (refused, destroyed, or closing): release and go Closed. */
    private void backendGone(int backend) {
        String why = "backend went " + Xenbus.stateName(backend);
        try {
            String error = xs.read(backendPath + "/error");
            if (error != null) {
                why += " (" + error + ")";
            }
        } catch (XenStoreException e) {
            // unreadable: say nothing more
        }
        closeReason = why;
        release();
        transition(FrontState.CLOSED, why);
        afterClosed();
    }

    /** Setup could not complete (the backend is not usable, or a resource ran out): broken, nothing shared. */
    private void fail(String clause, String reason) {
        brokenClause = clause;
        brokenReason = reason;
        LOG.warn("netfront {}: {}: {}", frontendPath, clause, reason);
        transition(FrontState.BROKEN, reason);
    }

    /**
     * The backend broke a FR rule: stop using the device (no more requests, no more notifications), keep why
     * (package-private: called by the datapath).
     */
    void broken(String clause, String reason) {
        if (state != FrontState.CONNECTED && state != FrontState.CONNECTING) {
            return;
        }
        brokenClause = clause;
        brokenReason = reason;
        LOG.warn("netfront {}: broken: {}: {}", frontendPath, clause, reason);
        transition(FrontState.BROKEN, clause + ": " + reason);
    }

    /** @return true while the datapath may run (CONNECTED) */
    boolean running() {
        return running;
    }

    /**
     * Closing → Closed (asynchronous): publishes Closing; once the backend has disconnected (its state Closing or
     * Closed, read through xenstore) every grant is ended and every frame freed, then Closed is published. With a
     * deterministic scheduler, run it until idle. Idempotent.
     */
    @Override
    public void close() {
        restartPending = false;
        closeInternal("close requested");
    }

    /**
     * Closes as {@link #close()} does, then starts again with the same settings once the backend is Closed: a new
     * connection, staging negotiated again.
     *
     * @throws IllegalStateException if the device was never started
     */
    public void reconnect() {
        if (state == null) {
            throw new IllegalStateException("netfront " + frontendPath + " was never started");
        }
        restartPending = true;
        if (state == FrontState.CLOSED) {
            if (backendWatch == null) {
                watchBackend(); // its first callback sees the backend's state and restarts when it is Closed
            } else if (Xenbus.readState(xs, backendPath) == Xenbus.STATE_CLOSED) {
                restart();
            }
            return;
        }
        closeInternal("reconnect requested");
    }

    private void closeInternal(String why) {
        if (state == null || state == FrontState.CLOSED || state == FrontState.CLOSING) {
            return;
        }
        transition(FrontState.CLOSING, why);
        if (!shared) {
            finishClose(why + ", nothing shared");
            return;
        }
        int backend = Xenbus.readState(xs, backendPath);
        if (backend == Xenbus.STATE_CLOSING || backend == Xenbus.STATE_CLOSED || backend == Xenbus.STATE_UNKNOWN) {
            finishClose("backend already " + Xenbus.stateName(backend));
        }
    }

    private void finishClose(String why) {
        release();
        closeReason = why;
        transition(FrontState.CLOSED, why);
        afterClosed();
    }

    private void afterClosed() {
        if (!restartPending) {
            if (backendWatch != null) {
                backendWatch.cancel();
                backendWatch = null;
            }
        } else if (Xenbus.readState(xs, backendPath) == Xenbus.STATE_CLOSED) {
            restart();
        }
    }

    private void restart() {
        restartPending = false;
        brokenClause = null;
        brokenReason = null;
        transition(FrontState.INITIALISING, "reconnect");
        watchBackend();
    }

    /** Ends every grant and frees every frame of the connection; FR-3 leaks are counted. */
    private void release() {
        running = false;
        long leaked = 0;
        if (ctrl != null) {
            ctrl.close();
            ctrl = null;
        }
        if (ctrlPort > 0) {
            self.events().close(ctrlPort);
            ctrlPort = -1;
        }
        if (ctrlFrame != null) {
            GrantTable gt = self.grantTable();
            boolean free = true;
            if (ctrlRef >= 0) {
                if (gt.endAccess(ctrlRef)) {
                    gt.freeRef(ctrlRef);
                } else {
                    free = false;
                    leaked++;
                }
            }
            if (free) {
                self.freeFrame(ctrlFrame);
            }
            ctrlFrame = null;
            ctrlRef = -1;
        }
        for (FrontQueue q : queues) {
            if (q != null) {
                leaked += q.release();
            }
        }
        grantsLeaked += leaked;
        shared = false;
        if (leaked > 0) {
            LOG.warn("netfront {}: {} grant(s) still mapped by the backend at close: leaked, never reused (FR-3)",
                    frontendPath, leaked);
        }
    }

    /** The one place the state changes: checks the edge, publishes to xenstore, logs (STYLE 12). */
    private void transition(FrontState next, String reason) {
        FrontState prev = state;
        if (!allowed(prev, next)) {
            throw new IllegalStateException("netfront " + frontendPath + ": " + prev + " -> " + next
                    + " is not allowed (from " + prev + ": " + allowedFrom(prev) + ")");
        }
        state = next;
        running = next == FrontState.CONNECTED;
        LOG.debug("netfront {}: {} -> {} ({})", frontendPath, prev, next, reason);
        try {
            if (next == FrontState.BROKEN) {
                xs.write(frontendPath + "/error", brokenClause + ": " + brokenReason);
            }
            if (next.published() != null) {
                Xenbus.switchState(xs, frontendPath, next.published().code());
            }
        } catch (XenStoreException e) {
            // the toolstack removed the device directory: nothing to publish to
            LOG.debug("netfront {}: cannot publish {}: {}", frontendPath, next, e.getMessage());
        }
    }

    private static boolean allowed(FrontState from, FrontState to) {
        if (from == null) {
            return to == FrontState.INITIALISING;
        }
        switch (from) {
            case INITIALISING:
                return to == FrontState.CONNECTING || to == FrontState.BROKEN || to == FrontState.CLOSING
                        || to == FrontState.CLOSED;
            case CONNECTING:
                return to == FrontState.CONNECTED || to == FrontState.BROKEN || to == FrontState.CLOSING
                        || to == FrontState.CLOSED;
            case CONNECTED:
                return to == FrontState.BROKEN || to == FrontState.CLOSING || to == FrontState.CLOSED;
            case BROKEN:
                return to == FrontState.CLOSING || to == FrontState.CLOSED;
            case CLOSING:
                return to == FrontState.CLOSED;
            case CLOSED:
                return to == FrontState.INITIALISING;
            default:
                return false;
        }
    }

    private static String allowedFrom(FrontState from) {
        StringBuilder sb = new StringBuilder();
        for (FrontState s : FrontState.values()) {
            if (allowed(from, s)) {
                sb.append(sb.length() == 0 ? "" : ", ").append(s);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    // ------------------------------------------------------------------ datapath

    /**
     * Writes one packet's tx slots (SPEC.md §3) without publishing them: {@link #flush} does (like xmit_more
     * batching); transmit flushes by itself when the ring runs out of room.
     *
     * @param queue a queue of the connection
     * @param data the frame (Ethernet header first)
     * @param offset first byte in {@code data}
     * @param length bytes, ≥ 1 (above 65535: TOO_BIG)
     * @param meta checksum, GSO and page offset; null for a plain packet at offset 0
     * @return a {@link TxResult} code: OK, RING_FULL, NOT_CONNECTED, BROKEN or TOO_BIG
     * @throws IllegalArgumentException for a null buffer, a range outside it, or a queue out of range
     */
    public int transmit(int queue, ByteBuf data, int offset, int length, TxMeta meta) {
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        if (offset < 0 || length < 1 || offset > data.capacity() - length) {
            throw new IllegalArgumentException("packet bytes [" + offset + ", " + offset + " + " + length
                    + ") outside the buffer's " + data.capacity() + " bytes (length must be >= 1)");
        }
        if (!running) {
            return state == FrontState.BROKEN ? TxResult.BROKEN : TxResult.NOT_CONNECTED;
        }
        FrontQueue q = queue(queue);
        if (length > NetifConstants.MAX_TX_SIZE) {
            q.counters().txTooBig++;
            return TxResult.TOO_BIG; // TX-6
        }
        return q.transmit(data, offset, length, meta);
    }

    /**
     * Publishes the queue's written requests (RING-5) and notifies the backend if its event index asks (RING-6).
     * Nothing happens unless connected.
     *
     * @param queue a queue the settings allow
     */
    public void flush(int queue) {
        checkQueue(queue);
        if (running) {
            queue(queue).flush();
        }
    }

    /**
     * Unstages up to {@code count} free staged buffers of a queue (DEL_GREF_MAPPING, SG-4): never a buffer in flight
     * (FR-7). Asynchronous: removed buffers are ungranted and freed when the response comes.
     *
     * @param queue a queue of the connection
     * @param count buffers wanted, ≥ 0
     * @return buffers named in the DEL (0 if staging is not active, none is free, or nothing could be sent)
     */
    public int unstage(int queue, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("unstage count " + count + " is negative");
        }
        checkQueue(queue);
        return running ? queue(queue).unstage(ctrl, count) : 0;
    }

    /** A queue number the settings allow (it may not be connected yet). */
    private void checkQueue(int queue) {
        if (queue < 0 || queue >= Math.max(settings.queues(), queues.length)) {
            throw new IllegalArgumentException("queue " + queue + " outside 0.." + (settings.queues() - 1));
        }
    }

    private FrontQueue queue(int queue) {
        if (queue < 0 || queue >= queues.length) {
            throw new IllegalArgumentException("queue " + queue + " outside 0.." + (queues.length - 1)
                    + " (the connection has " + queues.length + ")");
        }
        return queues[queue];
    }

    // ------------------------------------------------------------------ observation

    /** @return where the device stands (null before {@link #start()}) */
    public FrontState state() {
        return state;
    }

    /** @return why the device is (or last was) broken, or null */
    public String brokenReason() {
        return brokenReason;
    }

    /** @return the clause the backend broke (FR-1..FR-3; XB-2/XB-3 for a failed setup), or null */
    public String brokenClause() {
        return brokenClause;
    }

    /** @return why the device last went Closed, or null */
    public String closeReason() {
        return closeReason;
    }

    /** @return queues of the current (or last) connection; 0 before the first */
    public int queueCount() {
        return queues.length;
    }

    /**
     * @param queue a queue the settings allow
     * @return true while staging grants are in use on it (false when not connected)
     */
    public boolean stagingActive(int queue) {
        checkQueue(queue);
        if (!running || queue >= queues.length) {
            return false;
        }
        StagingPool pool = queues[queue].staging();
        return pool != null && pool.active();
    }

    /**
     * @param queue a queue of the current (or last) connection
     * @return how its staging negotiation ended ("active", "GET_GREF_MAPPING_SIZE NOT_SUPPORTED", ...)
     */
    /**
     * @param queue a queue of the current connection
     * @return true once staging negotiation is over for it (active with nothing outstanding, or given up); true
     *         when staging is off
     */
    public boolean stagingSettled(int queue) {
        StagingPool pool = queue(queue).staging();
        return pool == null || !settings.staging() || pool.settled();
    }

    /**
     * @param queue a queue of the current connection
     * @return how staging negotiation went, for reports ("active", "no control ring", …)
     */
    public String stagingOutcome(int queue) {
        StagingPool pool = queue(queue).staging();
        return pool == null ? "not negotiated" : pool.outcome();
    }

    /**
     * @param queue a queue of the current connection
     * @return the grefs of its staged buffers (TX and RX), for tests and reports
     */
    public int[] stagedGrefs(int queue) {
        StagingPool pool = queue(queue).staging();
        return pool == null || !running ? new int[0] : pool.stagedGrefs();
    }

    /**
     * @param queue a queue of the current (or last) connection
     * @return its counters
     */
    public FrontCounters counters(int queue) {
        return queue(queue).counters();
    }

    /**
     * @param queue a queue of the current connection
     * @return tx request ids awaiting their response
     */
    public int txInFlight(int queue) {
        checkQueue(queue);
        TxPath tx = queue < queues.length ? queues[queue].tx() : null;
        return tx == null ? 0 : tx.inFlight();
    }

    /** @return grants whose access could not be ended at close (FR-3), over every connection */
    public long grantsLeakedAtClose() {
        return grantsLeaked;
    }

    /** @return true if the current connection uses split event channels */
    public boolean splitEventChannels() {
        return queues.length > 0 && queues[0].split();
    }

    /** @return true if the current connection has a control ring */
    public boolean ctrlRing() {
        return ctrl != null;
    }

    /** @return connections made so far (a reconnect adds one) */
    public int connections() {
        return connections;
    }

    /** @return the backend's directory (null before start) */
    public String backendPath() {
        return backendPath;
    }

    /** @return the frontend's directory */
    public String frontendPath() {
        return frontendPath;
    }

    /** @return the settings */
    public NetfrontSettings settings() {
        return settings;
    }

    /** Test access to a queue of the current connection. */
    FrontQueue queueForTest(int queue) {
        return queue(queue);
    }

    @Override
    public String toString() {
        return "Netfront[" + frontendPath + ", " + state + ", " + queues.length + " queue(s)"
                + (brokenClause != null ? ", broken " + brokenClause : "") + "]";
    }
}

package dev.netifkit.netfront;

import dev.netifkit.ctrl.CtrlClient;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.evtchn.EventChannels;
import dev.netifkit.hv.grant.GrantTable;
import dev.netifkit.hv.sched.Tasks;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.ring.RingGeometry;
import io.netty.buffer.ByteBuf;

/**
 * One queue of a connection: its two ring pages (granted to the backend), event channel(s), TX and RX paths, staged
 * pool and counters. Built when the backend reaches InitWait, released at close. Everything runs on the frontend
 * domain's context.
 */
final class FrontQueue {
    private final Netfront device;
    private final Domain self;
    private final int index;
    private final int backDomid;
    private final NetfrontSettings settings;
    private final FrontCounters counters;
    private final PacketSink sink;

    private Frame txRingFrame;
    private Frame rxRingFrame;
    private int txRingRef = -1;
    private int rxRingRef = -1;
    private int txPort = -1;
    private int rxPort = -1;
    private boolean split;
    private TxPath tx;
    private RxPath rx;
    private StagingPool staging;
    private boolean txQueued;
    private boolean rxQueued;
    private final Runnable txTask;
    private final Runnable rxTask;

    /** Setup could not get a resource (grant reference, event channel port). */
    static final class SetupFailure extends Exception {
        private static final long serialVersionUID = 1L;

        SetupFailure(String message) {
            super(message, null, false, false);
        }
    }

    FrontQueue(Netfront device, Domain self, int index, int backDomid, NetfrontSettings settings,
               FrontCounters counters, PacketSink sink) {
        this.device = device;
        this.self = self;
        this.index = index;
        this.backDomid = backDomid;
        this.settings = settings;
        this.counters = counters;
        this.sink = sink;
        this.txTask = Tasks.named("netfront d" + self.domid() + " q" + index + " tx", () -> {
            txQueued = false;
            tx.complete();
        });
        this.rxTask = Tasks.named("netfront d" + self.domid() + " q" + index + " rx", () -> {
            rxQueued = false;
            rx.receive();
        });
    }

    /**
     * Initialises and grants the rings (RING-4), allocates the event channel(s), posts the whole rx ring.
     *
     * @param splitChannels separate tx and rx event channels
     * @param features what the backend offered
     */
    void setup(boolean splitChannels, BackendFeatures features) throws SetupFailure {
        split = splitChannels;
        txRingFrame = self.allocateFrame();
        rxRingFrame = self.allocateFrame();
        FrontRing txRing = FrontRing.init(txRingFrame.buf(), RingGeometry.TX, settings.txStart());
        FrontRing rxRing = FrontRing.init(rxRingFrame.buf(), RingGeometry.RX, settings.rxStart());
        txRingRef = grant(txRingFrame, "tx-ring-ref");
        rxRingRef = grant(rxRingFrame, "rx-ring-ref");
        EventChannels events = self.events();
        txPort = port(events, split ? "event-channel-tx" : "event-channel");
        rxPort = split ? port(events, "event-channel-rx") : txPort;
        tx = new TxPath(this, txRing, features.gsoTcpv4(), features.gsoTcpv6());
        rx = new RxPath(this, rxRing, sink);
        staging = new StagingPool(self, index, backDomid, settings, Math.min(txRing.size(), rxRing.size()), counters,
                this::stagingActive, this::running);
        tx.staging(staging);
        rx.staging(staging);
        if (split) {
            events.setHandler(txPort, this::onTxEvent);
            events.setHandler(rxPort, this::onRxEvent);
        } else {
            events.setHandler(txPort, this::onEvent);
        }
        rx.prepare();
        if (!rx.fill(false)) {
            throw new SetupFailure("queue " + index + ": no grant reference left to post the rx ring");
        }
    }

    private int grant(Frame frame, String key) throws SetupFailure {
        GrantTable gt = self.grantTable();
        int ref = gt.allocateRef();
        if (ref < 0) {
            throw new SetupFailure("queue " + index + ": no grant reference left for " + key);
        }
        gt.grantAccess(ref, backDomid, frame, false);
        return ref;
    }

    private int port(EventChannels events, String key) throws SetupFailure {
        int p = events.allocUnbound(backDomid);
        if (p < 0) {
            throw new SetupFailure("queue " + index + ": no event channel port for " + key + " (error " + p + ")");
        }
        return p;
    }

    // ------------------------------------------------------------------ events

    private void onEvent() {
        boolean work = tx.complete() | rx.receive();
        if (!work && running()) {
            counters.spuriousEvents++; // FR-6: nothing new; O(1) work, nothing sent
        }
    }

    private void onTxEvent() {
        if (!tx.complete() && running()) {
            counters.spuriousEvents++;
        }
    }

    private void onRxEvent() {
        if (!rx.receive() && running()) {
            counters.spuriousEvents++;
        }
    }

    /** The backend is Connected: handle whatever it produced while we were still connecting. */
    void connected() {
        tx.complete();
        rx.receive();
        tx.flush();
    }

    /** Starts staging negotiation on this queue (SG-5: the backend is Connected). */
    void beginStaging(CtrlClient ctrl) {
        staging.begin(ctrl);
    }

    private void stagingActive() {
        if (running()) {
            rx.fill(true); // nothing to post while the ring is full; staged buffers go in as pages come back
        }
    }

    void requeueTx() {
        if (!txQueued) {
            txQueued = true;
            self.scheduler().execute(self.domid(), txTask);
        }
    }

    void requeueRx() {
        if (!rxQueued) {
            rxQueued = true;
            self.scheduler().execute(self.domid(), rxTask);
        }
    }

    void notifyTx(boolean needed) {
        notify(needed, txPort);
    }

    void notifyRx(boolean needed) {
        notify(needed, rxPort);
    }

    private void notify(boolean needed, int port) {
        if (needed) {
            self.events().notify(port);
            counters.notifySent++;
        } else {
            counters.notifySuppressed++;
            self.counters().recordNotificationSuppressed();
        }
    }

    boolean running() {
        return device.running();
    }

    void broken(String clause, String reason) {
        device.broken(clause, "queue " + index + ": " + reason);
    }

    // ------------------------------------------------------------------ API from Netfront

    int transmit(ByteBuf data, int offset, int length, TxMeta meta) {
        return tx.transmit(data, offset, length, meta);
    }

    void flush() {
        tx.flush();
    }

    int unstage(CtrlClient ctrl, int count) {
        return staging == null ? 0 : staging.unstage(ctrl, count);
    }

    /**
     * Closes the ports and ends every grant of the queue (SG-5: the backend dropped its mappings when it
     * disconnected), freeing every frame; grants the backend still holds are leaked (FR-3).
     *
     * @return grants leaked
     */
    int release() {
        EventChannels events = self.events();
        if (txPort > 0) {
            events.close(txPort);
        }
        if (rxPort > 0 && rxPort != txPort) {
            events.close(rxPort);
        }
        txPort = rxPort = -1;
        int leaked = 0;
        if (tx != null) {
            leaked += tx.release();
        }
        if (rx != null) {
            leaked += rx.release();
        }
        if (staging != null) {
            leaked += staging.release();
        }
        leaked += releaseRing(txRingRef, txRingFrame);
        leaked += releaseRing(rxRingRef, rxRingFrame);
        txRingRef = rxRingRef = -1;
        txRingFrame = rxRingFrame = null;
        return leaked;
    }

    private int releaseRing(int ref, Frame frame) {
        if (frame == null) {
            return 0;
        }
        GrantTable gt = self.grantTable();
        if (ref >= 0) {
            if (!gt.endAccess(ref)) {
                counters.grantsLeaked++;
                return 1; // FR-3: still mapped; page never reused
            }
            gt.freeRef(ref);
        }
        self.freeFrame(frame);
        return 0;
    }

    // ------------------------------------------------------------------ accessors

    Domain self() {
        return self;
    }

    int index() {
        return index;
    }

    int backDomid() {
        return backDomid;
    }

    NetfrontSettings settings() {
        return settings;
    }

    FrontCounters counters() {
        return counters;
    }

    boolean split() {
        return split;
    }

    int txRingRef() {
        return txRingRef;
    }

    int rxRingRef() {
        return rxRingRef;
    }

    int txPort() {
        return txPort;
    }

    int rxPort() {
        return rxPort;
    }

    StagingPool staging() {
        return staging;
    }

    TxPath tx() {
        return tx;
    }

    RxPath rx() {
        return rx;
    }
}

package dev.netifkit.netback;

import dev.netifkit.ctrl.GrefMappingTable;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.evtchn.EventChannels;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.TxFlags;
import dev.netifkit.proto.extra.ExtraInfoFlyweight;
import dev.netifkit.proto.ring.BackRing;
import dev.netifkit.proto.ring.RingGeometry;
import dev.netifkit.proto.ring.SlotWords;
import dev.netifkit.proto.rx.RxRequestLayout;
import dev.netifkit.proto.tx.TxRequestLayout;
import io.netty.buffer.ByteBuf;

/**
 * One queue of a connected device: its mapped tx and rx rings, event channels, engines, staging table and
 * counters. Everything runs on the backend domain's context.
 */
final class NetbackQueue {
    private final Netback device;
    private final int index;
    private final FrontendConfig frontend;
    private final QueueCounters counters = new QueueCounters();
    private final GrefMappingTable table;

    private int txRingHandle = -1;
    private int rxRingHandle = -1;
    private BackRing txRing;
    private BackRing rxRing;
    private int txPort = -1;
    private int rxPort = -1;
    private TxEngine tx;
    private RxEngine rx;
    private boolean txQueued;
    private boolean rxQueued;
    private int txPushed;
    private int rxPushed;
    private final ByteBuf probeSlot = SlotWords.scratch(16);
    private final Runnable txAgain = () -> {
        txQueued = false;
        kickTx();
    };
    private final Runnable rxAgain = () -> {
        rxQueued = false;
        kickRx();
    };
    private final ExtraInfoFlyweight probeExtra = new ExtraInfoFlyweight();

    NetbackQueue(Netback device, int index, FrontendConfig frontend, GrefMappingTable table) {
        this.device = device;
        this.index = index;
        this.frontend = frontend;
        this.table = table;
    }

    /**
     * Maps the rings and binds the event channels; on failure returns why (XB-4) after undoing what it did.
     */
    Violation connect(CreditLimiter credit) {
        Domain self = device.self();
        int front = device.frontDomid();
        txRingHandle = self.mapGrant(front, frontend.txRingRef()[index], false);
        if (txRingHandle < 0) {
            return refusal("tx-ring-ref", frontend.txRingRef()[index], txRingHandle);
        }
        rxRingHandle = self.mapGrant(front, frontend.rxRingRef()[index], false);
        if (rxRingHandle < 0) {
            return refusal("rx-ring-ref", frontend.rxRingRef()[index], rxRingHandle);
        }
        EventChannels events = self.events();
        txPort = events.bindInterdomain(front, frontend.txEventChannel()[index]);
        if (txPort < 0) {
            return new Violation("XB-4", "queue " + index + ": cannot bind event channel "
                    + frontend.txEventChannel()[index] + " of domain " + front + " (error " + txPort + ")");
        }
        if (frontend.split()) {
            rxPort = events.bindInterdomain(front, frontend.rxEventChannel()[index]);
            if (rxPort < 0) {
                return new Violation("XB-4", "queue " + index + ": cannot bind event-channel-rx "
                        + frontend.rxEventChannel()[index] + " of domain " + front + " (error " + rxPort + ")");
            }
        } else {
            rxPort = txPort;
        }
        // The backend never initialises a ring (RING-4): it attaches where the frontend left rsp_prod.
        txRing = BackRing.attachAtResponseProducer(self.mappedView(txRingHandle), RingGeometry.TX);
        rxRing = BackRing.attachAtResponseProducer(self.mappedView(rxRingHandle), RingGeometry.RX);
        txPushed = txRing.rspProdPvt();
        rxPushed = rxRing.rspProdPvt();
        tx = new TxEngine(this, txRing, device.port(), credit);
        rx = new RxEngine(this, rxRing);
        if (frontend.split()) {
            events.setHandler(txPort, this::kickTx);
            events.setHandler(rxPort, this::kickRx);
        } else {
            events.setHandler(txPort, () -> {
                kickTx();
                kickRx();
            });
        }
        return null;
    }

    private Violation refusal(String key, int gref, int status) {
        return new Violation("XB-4", "queue " + index + ": cannot map " + key + " " + Integer.toUnsignedString(gref)
                + " of domain " + device.frontDomid() + " (grant status " + status + ")");
    }

    /** Undoes {@link #connect}: engines closed, rings unmapped, event channels closed. */
    void disconnect() {
        Domain self = device.self();
        if (tx != null) {
            tx.close();
            tx = null;
        }
        if (rx != null) {
            rx.close();
            rx = null;
        }
        if (txPort > 0) {
            self.events().close(txPort);
        }
        if (rxPort > 0 && rxPort != txPort) {
            self.events().close(rxPort);
        }
        txPort = rxPort = -1;
        if (txRingHandle >= 0) {
            self.unmapGrant(txRingHandle);
        }
        if (rxRingHandle >= 0) {
            self.unmapGrant(rxRingHandle);
        }
        txRingHandle = rxRingHandle = -1;
        txRing = rxRing = null;
    }

    /** Runs the TX engine now (on the backend context); re-queues itself while budgeted work remains. */
    void kickTx() {
        if (tx == null || txQueued) {
            return;
        }
        boolean more;
        try {
            more = tx.run();
        } catch (RuntimeException | AssertionError e) {
            device.internalError("tx queue " + index, e);
            return;
        }
        if (more) {
            txQueued = true;
            device.self().scheduler().execute(device.self().domid(), txAgain);
        }
    }

    /** Runs the RX engine now (on the backend context). */
    void kickRx() {
        if (rx == null) {
            return;
        }
        try {
            rx.run();
        } catch (RuntimeException | AssertionError e) {
            device.internalError("rx queue " + index, e);
        }
    }

    /** Queues an RX run unless one is queued already: packets arriving together are delivered in one batch. */
    void scheduleRx() {
        if (rx == null || rxQueued) {
            return;
        }
        rxQueued = true;
        device.self().scheduler().execute(device.self().domid(), rxAgain);
    }

    boolean enqueueRx(ByteBuf data, int offset, int length, RxMeta meta, boolean hashed, int hashType, int hash) {
        return rx != null && rx.enqueue(data, offset, length, meta, hashed, hashType, hash);
    }

    void pushTxResponses() {
        if (txRing.rspProdPvt() == txPushed) {
            return;
        }
        txPushed = txRing.rspProdPvt();
        notifyFrontend(txRing.pushResponses(), txPort);
    }

    void pushRxResponses() {
        if (rxRing.rspProdPvt() == rxPushed) {
            return;
        }
        rxPushed = rxRing.rspProdPvt();
        notifyFrontend(rxRing.pushResponses(), rxPort);
    }

    private void notifyFrontend(boolean notify, int port) {
        if (notify) {
            device.self().events().notify(port);
        } else {
            device.self().counters().recordNotificationSuppressed();
        }
    }

    void deliverTx(NetworkPort port, TxPacket packet) {
        device.deliver(port, packet);
    }

    /**
     * Whether a posted, not yet consumed request of this queue names a gref (SG-4's "in flight"): walks the tx
     * window packet by packet (skipping extra-info slots) and the rx window slot by slot, from private copies.
     */
    boolean posted(int gref) {
        if (txRing == null) {
            return false;
        }
        int n = window(txRing);
        int i = 0;
        while (i < n) {
            txRing.copyRequest(txRing.reqCons() + i, probeSlot, 0);
            if (probeSlot.getIntLE(TxRequestLayout.GREF_OFFSET) == gref) {
                return true;
            }
            boolean extras = (probeSlot.getUnsignedShortLE(TxRequestLayout.FLAGS_OFFSET) & TxFlags.EXTRA_INFO) != 0;
            i++;
            while (extras && i < n) {
                txRing.copyRequest(txRing.reqCons() + i, probeSlot, 0);
                extras = (probeExtra.wrap(probeSlot, 0).flags() & NetifConstants.EXTRA_FLAG_MORE) != 0;
                i++;
            }
        }
        n = window(rxRing);
        for (i = 0; i < n; i++) {
            rxRing.copyRequest(rxRing.reqCons() + i, probeSlot, 0);
            if (probeSlot.getIntLE(RxRequestLayout.GREF_OFFSET) == gref) {
                return true;
            }
        }
        return false;
    }

    /** Posted, unconsumed requests of a ring, clamped to its size (a hostile req_prod cannot make us loop). */
    private static int window(BackRing ring) {
        int n = ring.requestProducer() - ring.reqCons();
        return Integer.compareUnsigned(n, ring.size()) > 0 ? ring.size() : n;
    }

    void fatal(String clause, String message) {
        device.fatal(new Violation(clause, "queue " + index + ": " + message));
    }

    boolean disabled() {
        return device.disabled();
    }

    /** @return true while this queue is stalled (BK-15) */
    boolean stalled() {
        return rx != null && rx.stalled();
    }

    /** The RX engine's stall state changed: the device's carrier follows (off while any queue is stalled). */
    void stallChanged(boolean nowStalled) {
        device.queueStalled(nowStalled);
    }

    int queuedRx() {
        return rx == null ? 0 : rx.queued();
    }

    Domain self() {
        return device.self();
    }

    int frontDomid() {
        return device.frontDomid();
    }

    NetbackSettings settings() {
        return device.settings();
    }

    GrefMappingTable stagingTable() {
        return table;
    }

    QueueCounters counters() {
        return counters;
    }

    FrontendConfig frontend() {
        return frontend;
    }

    McastFilter mcast() {
        return device.mcast();
    }

    BackRing txRing() {
        return txRing;
    }

    int index() {
        return index;
    }
}

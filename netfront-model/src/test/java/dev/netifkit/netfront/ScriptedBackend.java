package dev.netifkit.netfront;

import dev.netifkit.ctrl.CtrlBackend;
import dev.netifkit.ctrl.CtrlBackendConfig;
import dev.netifkit.ctrl.GrefMappingTable;
import dev.netifkit.ctrl.HashConfig;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.grant.GntStatus;
import dev.netifkit.hv.grant.GrantCopyBatch;
import dev.netifkit.hv.xenstore.WatchHandle;
import dev.netifkit.hv.xenstore.XenStoreConnection;
import dev.netifkit.hv.xenstore.Xenbus;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.TxFlags;
import dev.netifkit.proto.extra.ExtraInfoFlyweight;
import dev.netifkit.proto.ring.BackRing;
import dev.netifkit.proto.ring.RingGeometry;
import dev.netifkit.proto.rx.RxRequestFlyweight;
import dev.netifkit.proto.rx.RxResponseFlyweight;
import dev.netifkit.proto.tx.TxRequestFlyweight;
import dev.netifkit.proto.tx.TxResponseFlyweight;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hostile, scripted backend for frontend tests: it plays the xenbus handshake, maps the frontend's rings through
 * grants, binds its event channels, and then does exactly what the test says — including what no honest backend
 * does (raw responses, wrong ids, producer jumps, mappings kept). Its control ring is served by the real
 * control-ring {@link CtrlBackend} with real {@link GrefMappingTable}s (that is not netback). Runs on the backend
 * domain's context (its watch and event handlers) and on the test thread between scheduler runs.
 */
final class ScriptedBackend {
    static final int FRONT = 1;

    private final Domain self;
    private final String path;
    private final XenStoreConnection xs;
    private final Map<String, String> features = new LinkedHashMap<>();
    private String frontendPath;
    private WatchHandle watch;
    private int state = Xenbus.STATE_INITIALISING;

    /** Serve GET/ADD/DEL over the control ring (false: NOT_SUPPORTED). */
    boolean stagingEnabled = true;
    /** Capacity of each queue's gref mapping table. */
    int stagingCapacity = 512;
    /** Process control requests at all (false: never answer — the frontend times out). */
    boolean answerCtrl = true;
    /** Go Connected by itself when the frontend is Connected. */
    boolean autoConnect = true;

    // the connection
    final List<BQueue> queues = new ArrayList<>();
    Map<String, String> keysAtConnect = Map.of();
    int rxPostedAtConnect;
    int connects;
    CtrlBackend ctrl;
    GrefMappingTable[] tables;
    private int ctrlHandle = -1;
    private int ctrlPort = -1;
    final List<Integer> testMappings = new ArrayList<>();
    /** Keep the test's own mappings across disconnect (FR-3 at close). */
    boolean keepTestMappings;

    private final ByteBuf slot = Unpooled.wrappedBuffer(new byte[16]);
    private final TxRequestFlyweight txReq = new TxRequestFlyweight();
    private final RxRequestFlyweight rxReq = new RxRequestFlyweight();
    private final ExtraInfoFlyweight extra = new ExtraInfoFlyweight();

    /** One queue's backend end. */
    static final class BQueue {
        int txHandle = -1;
        int rxHandle = -1;
        BackRing tx;
        BackRing rx;
        int txPort = -1;
        int rxPort = -1;
        int txEvents;
        int rxEvents;
    }

    ScriptedBackend(Domain self, String backendPath) {
        this.self = self;
        this.path = backendPath;
        this.xs = self.xenStore();
        features.put("feature-sg", "1");
        features.put("feature-gso-tcpv4", "1");
        features.put("feature-gso-tcpv6", "1");
        features.put("feature-ipv6-csum-offload", "1");
        features.put("feature-rx-copy", "1");
        features.put("feature-rx-flip", "0");
        features.put("feature-split-event-channels", "1");
        features.put("multi-queue-max-queues", "8");
        features.put("feature-ctrl-ring", "1");
    }

    /** Sets (or with null, removes) an offered feature key before {@link #start()}. */
    ScriptedBackend feature(String key, String value) {
        if (value == null) {
            features.remove(key);
        } else {
            features.put(key, value);
        }
        return this;
    }

    void start() {
        frontendPath = xs.read(path + "/frontend");
        probe();
        watch = Xenbus.watchState(xs, frontendPath, this::frontendChanged);
    }

    private void probe() {
        features.forEach((k, v) -> xs.write(path + "/" + k, v));
        state(Xenbus.STATE_INIT_WAIT);
    }

    void state(int s) {
        state = s;
        Xenbus.switchState(xs, path, s);
    }

    int state() {
        return state;
    }

    private void frontendChanged(int fe) {
        switch (fe) {
            case Xenbus.STATE_INITIALISING:
                if (state == Xenbus.STATE_CLOSED) {
                    probe();
                }
                break;
            case Xenbus.STATE_CONNECTED:
                if (state == Xenbus.STATE_INIT_WAIT) {
                    connect();
                }
                break;
            case Xenbus.STATE_CLOSING:
                disconnect();
                state(Xenbus.STATE_CLOSING);
                break;
            case Xenbus.STATE_CLOSED:
            case Xenbus.STATE_UNKNOWN:
                disconnect();
                state(Xenbus.STATE_CLOSED);
                break;
            default:
                break;
        }
    }

    /** Reads the keys (XB-3), maps the rings, binds the ports; Connected when {@link #autoConnect}. */
    private void connect() {
        connects++;
        keysAtConnect = snapshot(frontendPath);
        String n = xs.read(frontendPath + "/multi-queue-num-queues");
        int count = n == null ? 1 : Integer.parseInt(n);
        for (int q = 0; q < count; q++) {
            String dir = count == 1 ? frontendPath : frontendPath + "/queue-" + q;
            BQueue b = new BQueue();
            b.txHandle = self.mapGrant(FRONT, Integer.parseUnsignedInt(xs.read(dir + "/tx-ring-ref")), false);
            b.rxHandle = self.mapGrant(FRONT, Integer.parseUnsignedInt(xs.read(dir + "/rx-ring-ref")), false);
            if (b.txHandle < 0 || b.rxHandle < 0) {
                throw new IllegalStateException("cannot map rings of queue " + q);
            }
            b.tx = BackRing.attachAtResponseProducer(self.mappedView(b.txHandle), RingGeometry.TX);
            b.rx = BackRing.attachAtResponseProducer(self.mappedView(b.rxHandle), RingGeometry.RX);
            String evt = xs.read(dir + "/event-channel");
            if (evt != null) {
                b.txPort = self.events().bindInterdomain(FRONT, Integer.parseInt(evt));
                b.rxPort = b.txPort;
                self.events().setHandler(b.txPort, () -> {
                    b.txEvents++;
                    b.rxEvents++;
                });
            } else {
                b.txPort = self.events().bindInterdomain(FRONT, Integer.parseInt(xs.read(dir + "/event-channel-tx")));
                b.rxPort = self.events().bindInterdomain(FRONT, Integer.parseInt(xs.read(dir + "/event-channel-rx")));
                self.events().setHandler(b.txPort, () -> b.txEvents++);
                self.events().setHandler(b.rxPort, () -> b.rxEvents++);
            }
            if (b.txPort < 0 || b.rxPort < 0) {
                throw new IllegalStateException("cannot bind event channels of queue " + q);
            }
            queues.add(b);
        }
        rxPostedAtConnect = queues.get(0).rx.requestProducer() - queues.get(0).rx.reqCons();
        String ctrlRef = xs.read(frontendPath + "/ctrl-ring-ref");
        if (ctrlRef != null) {
            ctrlHandle = self.mapGrant(FRONT, Integer.parseUnsignedInt(ctrlRef), false);
            ctrlPort = self.events().bindInterdomain(FRONT, Integer.parseInt(xs.read(frontendPath
                    + "/event-channel-ctrl")));
            tables = null;
            if (stagingEnabled) {
                tables = new GrefMappingTable[count];
                for (int q = 0; q < count; q++) {
                    tables[q] = new GrefMappingTable(q, stagingCapacity);
                }
            }
            ByteBuf page = self.mappedView(ctrlHandle);
            int port = ctrlPort;
            ctrl = new CtrlBackend(self, FRONT, page, page.getIntLE(8), new CtrlBackendConfig(count, stagingEnabled,
                    CtrlBackendConfig.DEFAULT_BUDGET), new HashConfig(count), tables, this::posted,
                    () -> self.events().notify(port));
            self.events().setHandler(ctrlPort, this::runCtrl);
        }
        if (autoConnect) {
            state(Xenbus.STATE_CONNECTED);
        }
    }

    /** SG-4's in-flight probe: a posted, unconsumed request of the queue names the gref. */
    private boolean posted(int q, int gref) {
        if (q < 0 || q >= queues.size()) {
            return false;
        }
        BQueue b = queues.get(q);
        for (int i = b.tx.reqCons(); i != b.tx.requestProducer(); i++) {
            b.tx.copyRequest(i, slot, 0);
            if (txReq.wrap(slot, 0).gref() == gref) {
                return true;
            }
        }
        for (int i = b.rx.reqCons(); i != b.rx.requestProducer(); i++) {
            b.rx.copyRequest(i, slot, 0);
            if (rxReq.wrap(slot, 0).gref() == gref) {
                return true;
            }
        }
        return false;
    }

    private void runCtrl() {
        if (ctrl != null && answerCtrl) {
            while (ctrl.process()) {
                // bounded by the budget per call; the test backend just loops
            }
        }
    }

    /** Serves control requests now (after {@link #answerCtrl} was false). */
    void serveCtrl() {
        while (ctrl != null && ctrl.process()) {
            // until idle
        }
    }

    /** Refuses the connection as netback does (XB-4): unmaps everything, says why, goes Closing. */
    void refuse(String why) {
        disconnect();
        xs.write(path + "/error", why);
        state(Xenbus.STATE_CLOSING);
    }

    private void disconnect() {
        if (ctrl != null) {
            ctrl.close(); // SG-5: staging mappings dropped
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
        for (BQueue b : queues) {
            if (b.txPort > 0) {
                self.events().close(b.txPort);
            }
            if (b.rxPort > 0 && b.rxPort != b.txPort) {
                self.events().close(b.rxPort);
            }
            self.unmapGrant(b.txHandle);
            self.unmapGrant(b.rxHandle);
        }
        queues.clear();
        if (!keepTestMappings) {
            for (int h : testMappings) {
                self.unmapGrant(h);
            }
            testMappings.clear();
        }
    }

    Map<String, String> snapshot(String dir) {
        Map<String, String> out = new LinkedHashMap<>();
        walk(dir, "", out);
        return out;
    }

    private void walk(String dir, String prefix, Map<String, String> out) {
        List<String> children = xs.directory(dir);
        if (children == null) {
            return;
        }
        for (String c : children) {
            String p = dir + "/" + c;
            String v = xs.read(p);
            List<String> sub = xs.directory(p);
            if (sub != null && !sub.isEmpty()) {
                walk(p, prefix + c + "/", out);
            } else {
                out.put(prefix + c, v);
            }
        }
    }

    // ------------------------------------------------------------------ tx side

    BQueue q(int queue) {
        return queues.get(queue);
    }

    /** A tx request as read from a private copy. */
    record TxReq(int index, int gref, int offset, int flags, int id, int size) {
    }

    /** @return the unconsumed tx requests as raw requests (extras included as raw slots), consumed */
    List<TxReq> takeTx(int queue) {
        BackRing r = q(queue).tx;
        List<TxReq> out = new ArrayList<>();
        while (r.reqCons() != r.requestProducer()) {
            int i = r.reqCons();
            r.copyRequest(i, slot, 0);
            txReq.wrap(slot, 0);
            out.add(new TxReq(i, txReq.gref(), txReq.offset(), txReq.flags(), txReq.id(), txReq.size()));
            r.consumeRequests(1);
        }
        return out;
    }

    /** A packet parsed from tx requests: its request slots (no extras), GSO extra fields, data bytes. */
    record TxPkt(List<TxReq> slots, int extraSlots, int gsoType, int gsoSize, byte[] data) {
        TxReq first() {
            return slots.get(0);
        }
    }

    /** Parses one packet at req_cons (consumes it), copying its data out of the frontend's grants. */
    TxPkt takeTxPacket(int queue) {
        BackRing r = q(queue).tx;
        List<TxReq> slots = new ArrayList<>();
        int i = r.reqCons();
        r.copyRequest(i, slot, 0);
        txReq.wrap(slot, 0);
        TxReq first = new TxReq(i, txReq.gref(), txReq.offset(), txReq.flags(), txReq.id(), txReq.size());
        slots.add(first);
        r.consumeRequests(1);
        int extras = 0;
        int gsoType = 0;
        int gsoSize = 0;
        if ((first.flags() & TxFlags.EXTRA_INFO) != 0) {
            boolean more = true;
            while (more) {
                r.copyRequest(r.reqCons(), slot, 0);
                r.consumeRequests(1);
                extras++;
                extra.wrap(slot, 0);
                if (extra.type() == 1) {
                    gsoType = extra.gsoType();
                    gsoSize = extra.gsoSize();
                }
                more = (extra.flags() & NetifConstants.EXTRA_FLAG_MORE) != 0;
            }
        }
        int flags = first.flags();
        while ((flags & TxFlags.MORE_DATA) != 0) {
            int k = r.reqCons();
            r.copyRequest(k, slot, 0);
            txReq.wrap(slot, 0);
            TxReq f = new TxReq(k, txReq.gref(), txReq.offset(), txReq.flags(), txReq.id(), txReq.size());
            slots.add(f);
            r.consumeRequests(1);
            flags = f.flags();
        }
        int followers = 0;
        for (int k = 1; k < slots.size(); k++) {
            followers += slots.get(k).size();
        }
        byte[] data = new byte[first.size()];
        int at = 0;
        for (int k = 0; k < slots.size(); k++) {
            TxReq s = slots.get(k);
            int len = k == 0 ? first.size() - followers : s.size();
            byte[] part = readFront(s.gref(), s.offset(), len);
            System.arraycopy(part, 0, data, at, len);
            at += len;
        }
        return new TxPkt(slots, extras, gsoType, gsoSize, data);
    }

    /** Grant-copies bytes out of a frontend gref (GNT-3): the backend's only way to read without mapping. */
    byte[] readFront(int gref, int offset, int len) {
        Frame f = self.allocateFrame();
        try {
            GrantCopyBatch b = new GrantCopyBatch(1);
            b.addFromGref(FRONT, gref, offset, f, 0, len);
            self.grantCopy(b);
            if (b.status(0) != GntStatus.OKAY) {
                throw new IllegalStateException("grant copy from gref " + gref + " failed: " + GntStatus.name(b.status(0)));
            }
            byte[] out = new byte[len];
            f.buf().getBytes(0, out);
            return out;
        } finally {
            self.freeFrame(f);
        }
    }

    /** Grant-copies bytes into a frontend gref. */
    void writeFront(int gref, int offset, byte[] data) {
        Frame f = self.allocateFrame();
        try {
            f.buf().setBytes(0, data);
            GrantCopyBatch b = new GrantCopyBatch(1);
            b.addToGref(f, 0, FRONT, gref, offset, data.length);
            self.grantCopy(b);
            if (b.status(0) != GntStatus.OKAY) {
                throw new IllegalStateException("grant copy to gref " + gref + " failed: " + GntStatus.name(b.status(0)));
            }
        } finally {
            self.freeFrame(f);
        }
    }

    /** Maps a frontend gref and keeps it (a hostile backend: FR-3). */
    int mapAndKeep(int gref, boolean readonly) {
        int h = self.mapGrant(FRONT, gref, readonly);
        if (h < 0) {
            throw new IllegalStateException("map of gref " + gref + " failed: " + GntStatus.name(h));
        }
        testMappings.add(h);
        return h;
    }

    /** Writes a tx response {id, status} at rsp_prod_pvt (not published). */
    void txRespond(int queue, int id, int status) {
        BackRing r = q(queue).tx;
        new TxResponseFlyweight().wrap(r.page(), r.nextResponseOffset()).id(id).status(status);
        r.advanceResponses(1);
    }

    /** Answers every request of a parsed packet OKAY, NULL for its extras. */
    void txAnswer(int queue, TxPkt p, int status) {
        txRespond(queue, p.first().id(), status);
        for (int e = 0; e < p.extraSlots(); e++) {
            txRespond(queue, 0xBEEF, 1);
        }
        for (int k = 1; k < p.slots().size(); k++) {
            txRespond(queue, p.slots().get(k).id(), status);
        }
    }

    /** Publishes tx responses and notifies the frontend on the tx port. */
    void txPush(int queue) {
        BQueue b = q(queue);
        b.tx.pushResponses();
        self.events().notify(b.txPort);
    }

    /** Sets the shared tx rsp_prod to any value (hostile) and notifies. */
    void txRawProducer(int queue, int value) {
        BQueue b = q(queue);
        b.tx.header().rspProd(value);
        self.events().notify(b.txPort);
    }

    // ------------------------------------------------------------------ rx side

    /** A posted rx request. */
    record RxPost(int index, int id, int gref) {
    }

    /** @return the next posted rx request, consumed */
    RxPost takeRx(int queue) {
        BackRing r = q(queue).rx;
        if (r.reqCons() == r.requestProducer()) {
            throw new IllegalStateException("no rx request posted on queue " + queue);
        }
        int i = r.reqCons();
        r.copyRequest(i, slot, 0);
        rxReq.wrap(slot, 0);
        RxPost p = new RxPost(i, rxReq.id(), rxReq.gref());
        r.consumeRequests(1);
        return p;
    }

    /** @return the rx request posted at ring index {@code index}, not consumed */
    RxPost peekRx(int queue, int index) {
        q(queue).rx.copyRequest(index, slot, 0);
        rxReq.wrap(slot, 0);
        return new RxPost(index, rxReq.id(), rxReq.gref());
    }

    /** @return rx requests posted and not consumed */
    int rxAvailable(int queue) {
        BackRing r = q(queue).rx;
        return r.requestProducer() - r.reqCons();
    }

    /** Writes an rx response at rsp_prod_pvt (not published). */
    void rxRespond(int queue, int id, int offset, int flags, int status) {
        BackRing r = q(queue).rx;
        new RxResponseFlyweight().wrap(r.page(), r.nextResponseOffset()).id(id).offset(offset).flags(flags)
                .status(status);
        r.advanceResponses(1);
    }

    /** Writes an extra-info slot at rsp_prod_pvt (not published). */
    ExtraInfoFlyweight rxExtra(int queue) {
        BackRing r = q(queue).rx;
        ExtraInfoFlyweight x = new ExtraInfoFlyweight().wrap(r.page(), r.nextResponseOffset());
        r.page().setZero(r.nextResponseOffset(), RingGeometry.RX_SLOT_SIZE);
        r.advanceResponses(1);
        return x;
    }

    /** Publishes rx responses and notifies on the rx port. */
    void rxPush(int queue) {
        BQueue b = q(queue);
        b.rx.pushResponses();
        self.events().notify(b.rxPort);
    }

    /** Sets the shared rx rsp_prod to any value (hostile) and notifies. */
    void rxRawProducer(int queue, int value) {
        BQueue b = q(queue);
        b.rx.header().rspProd(value);
        self.events().notify(b.rxPort);
    }

    /**
     * Delivers a packet the honest way (BK-14): one posted request per 4096 bytes, data from offset 0, extras after
     * the first response when given.
     *
     * @param flags0 extra NETRXF_* flags of the first response
     * @param gso GSO type, 0 for none
     * @return the requests used
     */
    List<RxPost> deliver(int queue, byte[] data, int flags0, int gso, int gsoSize) {
        int slots = (data.length + 4095) / 4096;
        List<RxPost> used = new ArrayList<>();
        int total = slots + (gso != 0 ? 1 : 0);
        for (int i = 0; i < total; i++) {
            used.add(takeRx(queue));
        }
        for (int j = 0; j < slots; j++) {
            RxPost p = used.get(j == 0 ? 0 : j + (gso != 0 ? 1 : 0));
            int len = Math.min(4096, data.length - j * 4096);
            byte[] part = new byte[len];
            System.arraycopy(data, j * 4096, part, 0, len);
            writeFront(p.gref(), 0, part);
        }
        for (int j = 0; j < total; j++) {
            RxPost p = used.get(j);
            if (j == 0) {
                int f = flags0 | (gso != 0 ? 8 : 0) | (slots > 1 ? 4 : 0);
                rxRespond(queue, p.id(), 0, f, Math.min(4096, data.length));
            } else if (gso != 0 && j == 1) {
                rxExtra(queue).type(1).flags(0).gsoSize(gsoSize).gsoType(gso);
            } else {
                int dj = j - (gso != 0 ? 1 : 0);
                int len = Math.min(4096, data.length - dj * 4096);
                rxRespond(queue, p.id(), 0, dj < slots - 1 ? 4 : 0, len);
            }
        }
        rxPush(queue);
        return used;
    }

    /** Notifies the frontend on a port without producing anything (FR-6). */
    void spuriousNotify(int queue) {
        self.events().notify(q(queue).rxPort);
    }

    Domain domain() {
        return self;
    }

    String path() {
        return path;
    }

    void release() {
        if (watch != null) {
            watch.cancel();
        }
        disconnect();
        slot.release();
    }
}

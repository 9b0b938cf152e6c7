package dev.netifkit.netback;

import dev.netifkit.hv.xenstore.XenStoreConnection;

/**
 * What a frontend published in xenstore before going Connected (XB-3), read and checked once at connect. Any
 * inconsistency is a {@link Violation} of XB-4 naming the key and the value: the backend refuses to connect.
 *
 * @param numQueues queues asked for (multi-queue-num-queues, 1 when absent)
 * @param txRingRef tx ring gref per queue
 * @param rxRingRef rx ring gref per queue
 * @param txEventChannel the frontend's tx (or only) event channel port per queue
 * @param rxEventChannel the frontend's rx event channel port per queue (same as tx when not split)
 * @param split whether event channels are split
 * @param ctrlRing whether the frontend set up a control ring
 * @param ctrlRingRef control ring gref (when ctrlRing)
 * @param ctrlEventChannel control ring event channel (when ctrlRing)
 * @param rxNotify feature-rx-notify
 * @param sg feature-sg
 * @param gsoTcpv4 feature-gso-tcpv4
 * @param gsoTcpv6 feature-gso-tcpv6
 * @param ipv6Csum feature-ipv6-csum-offload
 * @param multicastControl request-multicast-control
 */
record FrontendConfig(int numQueues, int[] txRingRef, int[] rxRingRef, int[] txEventChannel, int[] rxEventChannel,
                      boolean split, boolean ctrlRing, int ctrlRingRef, int ctrlEventChannel, boolean rxNotify, boolean sg,
                      boolean gsoTcpv4, boolean gsoTcpv6, boolean ipv6Csum, boolean multicastControl) {

    /** The result of reading: a config, or why the backend refuses. */
    record Read(FrontendConfig config, Violation refusal) {
    }

    static Read read(XenStoreConnection xs, String frontend, int maxQueues) {
        try {
            return new Read(parse(xs, frontend, maxQueues), null);
        } catch (Refusal r) {
            return new Read(null, new Violation("XB-4", r.getMessage()));
        }
    }

    private static FrontendConfig parse(XenStoreConnection xs, String fe, int maxQueues) throws Refusal {
        long queues = optionalU32(xs, fe + "/multi-queue-num-queues", 1);
        if (queues == 0 || queues > maxQueues) {
            throw new Refusal("frontend asks for " + queues + " queues (" + fe + "/multi-queue-num-queues); the backend "
                    + "offers 1.." + maxQueues + " (multi-queue-max-queues)");
        }
        int n = (int) queues;
        int[] tx = new int[n];
        int[] rx = new int[n];
        int[] evtTx = new int[n];
        int[] evtRx = new int[n];
        Boolean split = null;
        for (int q = 0; q < n; q++) {
            String dir = n == 1 ? fe : fe + "/queue-" + q;
            tx[q] = (int) requiredU32(xs, dir + "/tx-ring-ref");
            rx[q] = (int) requiredU32(xs, dir + "/rx-ring-ref");
            String t = xs.read(dir + "/event-channel-tx");
            String r = xs.read(dir + "/event-channel-rx");
            boolean queueSplit = t != null || r != null;
            if (queueSplit) {
                evtTx[q] = (int) requiredU32(xs, dir + "/event-channel-tx");
                evtRx[q] = (int) requiredU32(xs, dir + "/event-channel-rx");
            } else {
                evtTx[q] = (int) requiredU32(xs, dir + "/event-channel");
                evtRx[q] = evtTx[q];
            }
            if (split != null && split != queueSplit) {
                throw new Refusal("queues mix split and single event channels (" + dir + ")");
            }
            split = queueSplit;
        }
        if (optionalU32(xs, fe + "/request-rx-copy", 0) != 1) {
            throw new Refusal("frontend does not request rx copy (" + fe + "/request-rx-copy = "
                    + xs.read(fe + "/request-rx-copy") + "); flipping is not supported");
        }
        boolean ctrl = xs.read(fe + "/ctrl-ring-ref") != null;
        int ctrlRef = 0;
        int ctrlEvt = 0;
        if (ctrl) {
            ctrlRef = (int) requiredU32(xs, fe + "/ctrl-ring-ref");
            ctrlEvt = (int) requiredU32(xs, fe + "/event-channel-ctrl");
        }
        return new FrontendConfig(n, tx, rx, evtTx, evtRx, split != null && split, ctrl, ctrlRef, ctrlEvt,
                flag(xs, fe + "/feature-rx-notify"), flag(xs, fe + "/feature-sg"),
                flag(xs, fe + "/feature-gso-tcpv4"), flag(xs, fe + "/feature-gso-tcpv6"),
                flag(xs, fe + "/feature-ipv6-csum-offload"), flag(xs, fe + "/request-multicast-control"));
    }

    static boolean flag(XenStoreConnection xs, String path) {
        try {
            return optionalU32(xs, path, 0) != 0;
        } catch (Refusal e) {
            return false; // an unparsable feature flag reads as "not offered", as xenbus_read_unsigned does
        }
    }

    private static long requiredU32(XenStoreConnection xs, String path) throws Refusal {
        String v = xs.read(path);
        if (v == null) {
            throw new Refusal("missing " + path);
        }
        return parseU32(path, v);
    }

    private static long optionalU32(XenStoreConnection xs, String path, long dflt) throws Refusal {
        String v = xs.read(path);
        return v == null ? dflt : parseU32(path, v);
    }

    private static long parseU32(String path, String v) throws Refusal {
        try {
            long x = Long.parseLong(v.trim());
            if (x < 0 || x > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new Refusal(path + " = '" + v + "' is not an unsigned 32-bit number");
        }
    }

    /** A refusal while parsing; carries the reason. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}

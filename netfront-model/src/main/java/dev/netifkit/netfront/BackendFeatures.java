package dev.netifkit.netfront;

import dev.netifkit.hv.xenstore.XenStoreConnection;
import dev.netifkit.hv.xenstore.XenStoreException;

/**
 * What the backend offered in its directory before InitWait (XB-2). Peer input: a missing, unreadable or unparsable
 * key reads as its default (0, or 1 queue), never an exception — as Linux's {@code xenbus_read_unsigned}.
 *
 * @param rxCopy feature-rx-copy (required: page flipping is not supported)
 * @param sg feature-sg
 * @param gsoTcpv4 feature-gso-tcpv4
 * @param gsoTcpv6 feature-gso-tcpv6
 * @param ipv6CsumOffload feature-ipv6-csum-offload
 * @param splitEventChannels feature-split-event-channels
 * @param ctrlRing feature-ctrl-ring
 * @param multicastControl feature-multicast-control
 * @param maxQueues multi-queue-max-queues (1 when absent or 0)
 */
record BackendFeatures(boolean rxCopy, boolean sg, boolean gsoTcpv4, boolean gsoTcpv6, boolean ipv6CsumOffload,
                       boolean splitEventChannels, boolean ctrlRing, boolean multicastControl, int maxQueues) {

    static BackendFeatures read(XenStoreConnection xs, String backend) {
        long queues = u32(xs, backend + "/multi-queue-max-queues", 1);
        return new BackendFeatures(flag(xs, backend, "feature-rx-copy"), flag(xs, backend, "feature-sg"),
                flag(xs, backend, "feature-gso-tcpv4"), flag(xs, backend, "feature-gso-tcpv6"),
                flag(xs, backend, "feature-ipv6-csum-offload"), flag(xs, backend, "feature-split-event-channels"),
                flag(xs, backend, "feature-ctrl-ring"), flag(xs, backend, "feature-multicast-control"),
                (int) Math.max(1, Math.min(queues, NetfrontSettings.MAX_QUEUES)));
    }

    private static boolean flag(XenStoreConnection xs, String backend, String key) {
        return u32(xs, backend + "/" + key, 0) != 0;
    }

    private static long u32(XenStoreConnection xs, String path, long dflt) {
        String v;
        try {
            v = xs.read(path);
        } catch (XenStoreException e) {
            return dflt;
        }
        if (v == null) {
            return dflt;
        }
        try {
            long x = Long.parseLong(v.trim());
            return x < 0 || x > 0xFFFF_FFFFL ? dflt : x;
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}

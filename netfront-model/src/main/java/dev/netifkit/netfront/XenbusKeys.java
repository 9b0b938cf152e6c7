package dev.netifkit.netfront;

import dev.netifkit.hv.xenstore.XenStoreConnection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys a frontend writes before going Connected (XB-3), written in one xenstore transaction as Linux does:
 * per queue tx-ring-ref, rx-ring-ref and event-channel (or event-channel-tx/-rx), in the frontend directory for
 * one queue or under {@code queue-N/} with multi-queue-num-queues for two or more; the feature keys; the control
 * ring's keys when there is one. Keys of an earlier connection that this one does not write are removed in the
 * same transaction, so a reconnect with another layout leaves nothing stale for the backend to read.
 */
final class XenbusKeys {
    /** Top-level keys this class owns (anything else in the directory is left alone). */
    private static final Set<String> OWNED = Set.of("tx-ring-ref", "rx-ring-ref", "event-channel", "event-channel-tx",
            "event-channel-rx", "multi-queue-num-queues", "ctrl-ring-ref", "event-channel-ctrl", "request-rx-copy",
            "feature-rx-notify", "feature-sg", "feature-gso-tcpv4", "feature-gso-tcpv6", "feature-ipv6-csum-offload",
            "request-multicast-control", "error");

    private XenbusKeys() {
    }

    /**
     * The keys of a connection.
     *
     * @param frontend the frontend directory
     * @param queues the connection's queues (rings granted, ports allocated)
     * @param ctrlRingRef the control ring's gref, or -1
     * @param ctrlPort the control ring's port, or -1
     * @param multicast whether to write request-multicast-control
     * @return full path → value, in writing order
     */
    static Map<String, String> keys(String frontend, FrontQueue[] queues, int ctrlRingRef, int ctrlPort,
                                    boolean multicast) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (queues.length == 1) {
            queueKeys(keys, frontend, queues[0]);
        } else {
            keys.put(frontend + "/multi-queue-num-queues", Integer.toString(queues.length));
            for (FrontQueue q : queues) {
                queueKeys(keys, frontend + "/queue-" + q.index(), q);
            }
        }
        keys.put(frontend + "/request-rx-copy", "1");
        keys.put(frontend + "/feature-rx-notify", "1");
        keys.put(frontend + "/feature-sg", "1");
        keys.put(frontend + "/feature-gso-tcpv4", "1");
        keys.put(frontend + "/feature-gso-tcpv6", "1");
        keys.put(frontend + "/feature-ipv6-csum-offload", "1");
        if (multicast) {
            keys.put(frontend + "/request-multicast-control", "1");
        }
        if (ctrlRingRef >= 0) {
            keys.put(frontend + "/ctrl-ring-ref", Integer.toUnsignedString(ctrlRingRef));
            keys.put(frontend + "/event-channel-ctrl", Integer.toString(ctrlPort));
        }
        return keys;
    }

    private static void queueKeys(Map<String, String> keys, String dir, FrontQueue q) {
        keys.put(dir + "/tx-ring-ref", Integer.toUnsignedString(q.txRingRef()));
        keys.put(dir + "/rx-ring-ref", Integer.toUnsignedString(q.rxRingRef()));
        if (q.split()) {
            keys.put(dir + "/event-channel-tx", Integer.toString(q.txPort()));
            keys.put(dir + "/event-channel-rx", Integer.toString(q.rxPort()));
        } else {
            keys.put(dir + "/event-channel", Integer.toString(q.txPort()));
        }
    }

    /**
     * Writes the keys in one transaction (retried on conflict), removing stale ones first.
     *
     * @param xs the frontend's connection
     * @param frontend the frontend directory
     * @param keys from {@link #keys}
     */
    static void write(XenStoreConnection xs, String frontend, Map<String, String> keys) {
        xs.transact(t -> {
            List<String> children = t.directory(frontend);
            if (children != null) {
                for (String child : children) {
                    String path = frontend + "/" + child;
                    if (child.startsWith("queue-")) {
                        List<String> sub = t.directory(path);
                        boolean keep = false;
                        if (sub != null) {
                            for (String s : sub) {
                                if (keys.containsKey(path + "/" + s)) {
                                    keep = true;
                                } else {
                                    t.rm(path + "/" + s);
                                }
                            }
                        }
                        if (!keep) {
                            t.rm(path);
                        }
                    } else if (OWNED.contains(child) && !keys.containsKey(path)) {
                        t.rm(path);
                    }
                }
            }
            keys.forEach(t::write);
            return null;
        });
    }
}

package dev.netifkit.hv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable copy of one domain's {@link HypervisorCounters}: the raw material for comparing datapaths per
 * packet (take one before and one after a workload, then {@link #minus}).
 *
 * @param hypercalls              hypercalls made (grant copy/map/unmap batches, event channel operations)
 * @param grantCopyOps            grant copy ops submitted (successful or not)
 * @param grantCopyBytes          bytes moved by successful grant copy ops
 * @param grantCopyFailures       grant copy ops that failed (status &lt; 0)
 * @param grantMaps               successful grant maps
 * @param grantUnmaps             successful grant unmaps
 * @param tlbFlushes              TLB flushes the unmaps cost (one per unmap hypercall with a success)
 * @param memcpyBytes             bytes a model copied itself (persistent mappings), reported by the model
 * @param notificationsSent       event channel notifications sent
 * @param notificationsSuppressed notifications a model decided not to send (ring event index), reported by it
 * @param eventsDelivered         event channel upcalls delivered to this domain
 */
public record CounterSnapshot(long hypercalls, long grantCopyOps, long grantCopyBytes, long grantCopyFailures,
                              long grantMaps, long grantUnmaps, long tlbFlushes, long memcpyBytes,
                              long notificationsSent, long notificationsSuppressed, long eventsDelivered) {

    /** All zero. */
    public static final CounterSnapshot ZERO = new CounterSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Field-wise {@code this - other}. */
    public CounterSnapshot minus(CounterSnapshot other) {
        return new CounterSnapshot(hypercalls - other.hypercalls, grantCopyOps - other.grantCopyOps,
                grantCopyBytes - other.grantCopyBytes, grantCopyFailures - other.grantCopyFailures,
                grantMaps - other.grantMaps, grantUnmaps - other.grantUnmaps, tlbFlushes - other.tlbFlushes,
                memcpyBytes - other.memcpyBytes, notificationsSent - other.notificationsSent,
                notificationsSuppressed - other.notificationsSuppressed, eventsDelivered - other.eventsDelivered);
    }

    /** Field-wise {@code this + other}. */
    public CounterSnapshot plus(CounterSnapshot other) {
        return new CounterSnapshot(hypercalls + other.hypercalls, grantCopyOps + other.grantCopyOps,
                grantCopyBytes + other.grantCopyBytes, grantCopyFailures + other.grantCopyFailures,
                grantMaps + other.grantMaps, grantUnmaps + other.grantUnmaps, tlbFlushes + other.tlbFlushes,
                memcpyBytes + other.memcpyBytes, notificationsSent + other.notificationsSent,
                notificationsSuppressed + other.notificationsSuppressed, eventsDelivered + other.eventsDelivered);
    }

    /** The counters under their snake_case names, in declaration order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("hypercalls", hypercalls);
        m.put("grant_copy_ops", grantCopyOps);
        m.put("grant_copy_bytes", grantCopyBytes);
        m.put("grant_copy_failures", grantCopyFailures);
        m.put("grant_maps", grantMaps);
        m.put("grant_unmaps", grantUnmaps);
        m.put("tlb_flushes", tlbFlushes);
        m.put("memcpy_bytes", memcpyBytes);
        m.put("notifications_sent", notificationsSent);
        m.put("notifications_suppressed", notificationsSuppressed);
        m.put("events_delivered", eventsDelivered);
        return m;
    }

    /** A JSON object with the names of {@link #asMap()}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(asMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise counters " + this, e);
        }
    }

    /** Parses what {@link #toJson()} wrote; absent names count as 0. IAE on malformed JSON. */
    public static CounterSnapshot fromJson(String json) {
        Map<?, ?> m;
        try {
            m = JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a counter snapshot: " + json, e);
        }
        return new CounterSnapshot(num(m, "hypercalls"), num(m, "grant_copy_ops"), num(m, "grant_copy_bytes"),
                num(m, "grant_copy_failures"), num(m, "grant_maps"), num(m, "grant_unmaps"), num(m, "tlb_flushes"),
                num(m, "memcpy_bytes"), num(m, "notifications_sent"), num(m, "notifications_suppressed"),
                num(m, "events_delivered"));
    }

    private static long num(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Number)) {
            throw new IllegalArgumentException("counter " + key + " is not a number: " + v);
        }
        return ((Number) v).longValue();
    }
}

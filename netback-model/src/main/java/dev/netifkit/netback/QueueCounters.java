package dev.netifkit.netback;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-queue statistics with ethtool-style names. Directions are the guest's: {@code tx_*} counts what the guest
 * transmitted, {@code rx_*} what the guest received. Written only on the backend's context.
 */
public final class QueueCounters {
    long txPackets;
    long txBytes;
    long txDropped;
    long txErrorResponses;
    long txGrantFailures;
    long txMcastRequests;
    long txCreditStalls;
    long rxPackets;
    long rxBytes;
    long rxDroppedQueueFull;
    long rxDroppedFilter;
    long rxDroppedExpired;
    long rxDroppedCarrierOff;
    long rxDroppedNoMemory;
    long rxErrorSlots;
    long rxStalls;
    long stagingHits;
    long stagingMisses;
    long stagingReadonlyRefused;

    /** @return packets transmitted by the guest and handed to the network port */
    public long txPackets() {
        return txPackets;
    }

    /** @return packets received by the guest */
    public long rxPackets() {
        return rxPackets;
    }

    /** @return staged grefs served through their persistent mapping */
    public long stagingHits() {
        return stagingHits;
    }

    /** @return grefs looked up in staging mode and not found */
    public long stagingMisses() {
        return stagingMisses;
    }

    /**
     * All counters by name.
     *
     * @return a new ordered map
     */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("tx_packets", txPackets);
        m.put("tx_bytes", txBytes);
        m.put("tx_dropped", txDropped);
        m.put("tx_error_responses", txErrorResponses);
        m.put("tx_grant_failures", txGrantFailures);
        m.put("tx_mcast_requests", txMcastRequests);
        m.put("tx_credit_stalls", txCreditStalls);
        m.put("rx_packets", rxPackets);
        m.put("rx_bytes", rxBytes);
        m.put("rx_dropped_queue_full", rxDroppedQueueFull);
        m.put("rx_dropped_filter", rxDroppedFilter);
        m.put("rx_dropped_expired", rxDroppedExpired);
        m.put("rx_dropped_carrier_off", rxDroppedCarrierOff);
        m.put("rx_dropped_no_memory", rxDroppedNoMemory);
        m.put("rx_error_slots", rxErrorSlots);
        m.put("rx_stalls", rxStalls);
        m.put("staging_hits", stagingHits);
        m.put("staging_misses", stagingMisses);
        m.put("staging_readonly_refused", stagingReadonlyRefused);
        return m;
    }
}

package dev.netifkit.netfront;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-queue statistics with ethtool-style names, written only on the frontend domain's context (plain fields: the
 * hot path pays an increment, nothing more). {@code tx_*} counts what the guest transmitted, {@code rx_*} what it
 * received.
 *
 * <p>Grant operations are the frontend's own (grant-table entry writes are no hypercalls, so the hypervisor's
 * counters cannot see them): {@code grants_issued}/{@code grants_ended} count the per-packet ones of the datapath,
 * which staging mode brings to zero in steady state.
 */
public final class FrontCounters {
    long txPackets;
    long txBytes;
    long txErrors;
    long txRingFull;
    long txTooBig;
    long txStaged;
    long txGranted;
    long rxPackets;
    long rxBytes;
    long rxStaged;
    long rxDroppedBadId;
    long rxDroppedBadStatus;
    long rxDroppedBadOffset;
    long rxDroppedTooManySlots;
    long rxDroppedMissingExtra;
    long rxDroppedBadExtra;
    long rxDroppedBadGso;
    long rxDroppedIncomplete;
    long rxDroppedEmpty;
    long notifySent;
    long notifySuppressed;
    long spuriousEvents;
    long grantsIssued;
    long grantsEnded;
    long grantsLeaked;
    long stagingUnstaged;
    long sinkErrors;

    /** @return packets written to the tx ring */
    public long txPackets() {
        return txPackets;
    }

    /** @return bytes of those packets */
    public long txBytes() {
        return txBytes;
    }

    /** @return ERROR/DROPPED tx responses (TX-3) */
    public long txErrors() {
        return txErrors;
    }

    /** @return transmit calls answered RING_FULL */
    public long txRingFull() {
        return txRingFull;
    }

    /** @return packets sent through a staged buffer (no grant operation) */
    public long txStaged() {
        return txStaged;
    }

    /** @return packets sent with per-packet grants (staging off, pool exhausted, or packet too large) */
    public long txGranted() {
        return txGranted;
    }

    /** @return packets handed to the sink */
    public long rxPackets() {
        return rxPackets;
    }

    /** @return bytes of those packets */
    public long rxBytes() {
        return rxBytes;
    }

    /** @return rx data slots received in staged buffers */
    public long rxStaged() {
        return rxStaged;
    }

    /** @return rx packets dropped for any FR-4 reason */
    public long rxDroppedBad() {
        return rxDroppedBadId + rxDroppedBadStatus + rxDroppedBadOffset + rxDroppedTooManySlots
                + rxDroppedMissingExtra + rxDroppedBadExtra + rxDroppedBadGso + rxDroppedIncomplete + rxDroppedEmpty;
    }

    /** @return notifications sent to the backend (tx and rx pushes) */
    public long notifySent() {
        return notifySent;
    }

    /** @return pushes after which the backend's event index said no notification was needed (RING-6) */
    public long notifySuppressed() {
        return notifySuppressed;
    }

    /** @return notifications that found no new response (FR-6) */
    public long spuriousEvents() {
        return spuriousEvents;
    }

    /** @return datapath grantAccess calls (per-packet grants) */
    public long grantsIssued() {
        return grantsIssued;
    }

    /** @return datapath endAccess calls that succeeded */
    public long grantsEnded() {
        return grantsEnded;
    }

    /** @return grants whose access could not be ended (FR-3): gref and page never reused */
    public long grantsLeaked() {
        return grantsLeaked;
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
        m.put("tx_errors", txErrors);
        m.put("tx_ring_full", txRingFull);
        m.put("tx_too_big", txTooBig);
        m.put("tx_staged", txStaged);
        m.put("tx_granted", txGranted);
        m.put("rx_packets", rxPackets);
        m.put("rx_bytes", rxBytes);
        m.put("rx_staged", rxStaged);
        m.put("rx_dropped_bad", rxDroppedBad());
        m.put("rx_dropped_bad_id", rxDroppedBadId);
        m.put("rx_dropped_bad_status", rxDroppedBadStatus);
        m.put("rx_dropped_bad_offset", rxDroppedBadOffset);
        m.put("rx_dropped_too_many_slots", rxDroppedTooManySlots);
        m.put("rx_dropped_missing_extra", rxDroppedMissingExtra);
        m.put("rx_dropped_bad_extra", rxDroppedBadExtra);
        m.put("rx_dropped_bad_gso", rxDroppedBadGso);
        m.put("rx_dropped_incomplete", rxDroppedIncomplete);
        m.put("rx_dropped_empty", rxDroppedEmpty);
        m.put("notify_sent", notifySent);
        m.put("notify_suppressed", notifySuppressed);
        m.put("spurious_events", spuriousEvents);
        m.put("grants_issued", grantsIssued);
        m.put("grants_ended", grantsEnded);
        m.put("grants_leaked", grantsLeaked);
        m.put("staging_unstaged", stagingUnstaged);
        m.put("sink_errors", sinkErrors);
        return m;
    }

    @Override
    public String toString() {
        return "FrontCounters" + asMap();
    }
}

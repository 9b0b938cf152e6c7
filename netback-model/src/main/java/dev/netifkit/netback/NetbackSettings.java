package dev.netifkit.netback;

import dev.netifkit.ctrl.GrefMappingTable;

/**
 * The backend's limits and choices; every field has the default SPEC.md §7 assumes.
 *
 * @param mode datapath mode
 * @param txCopyAll in COPY mode, copy a TX packet's data beyond the first 128 bytes too instead of mapping it
 * @param maxQueues what the backend offers as multi-queue-max-queues
 * @param grefMappingSize capacity of each queue's staging table (BK-21), 0..65536
 * @param rxQueueBytes per-queue bound on queued receive data (BK-15); 0 drops every packet
 * @param txCopyLength bytes of a TX packet copied into the linear buffer (BK-12)
 * @param legacySlotsMax followers from which a TX packet is dropped (BK-4: 18)
 * @param fatalSlots followers from which a TX packet is fatal (BK-4: 20, i.e. the 21st is fatal)
 * @param mcastMax addresses the multicast filter holds (BK-10)
 * @param stallTimeoutMs RX stall timeout with feature-rx-notify (BK-15)
 * @param drainTimeoutMs RX drain timeout with feature-rx-notify (BK-15)
 * @param drainTimeoutNoNotifyMs RX drain timeout without feature-rx-notify (BK-15)
 * @param txBudget TX packets handled per notification before yielding the context
 * @param offerCtrlRing whether feature-ctrl-ring is offered
 * @param offerSplitEventChannels whether feature-split-event-channels is offered
 * @param offerMulticastControl whether feature-multicast-control is offered
 */
public record NetbackSettings(DatapathMode mode, boolean txCopyAll, int maxQueues, int grefMappingSize,
                              int rxQueueBytes, int txCopyLength, int legacySlotsMax, int fatalSlots,
                              int mcastMax, long stallTimeoutMs, long drainTimeoutMs, long drainTimeoutNoNotifyMs,
                              int txBudget, boolean offerCtrlRing, boolean offerSplitEventChannels,
                              boolean offerMulticastControl) {

    /** The defaults of SPEC.md §7 in COPY mode. */
    public static final NetbackSettings DEFAULTS = new NetbackSettings(DatapathMode.COPY, false, 8, 512, 512 * 1024,
            128, 18, 20, 64, 60_000, 10_000, 30, 256, true, true, true);

    /**
     * Checks every limit.
     */
    public NetbackSettings {
        if (mode == null) {
            throw new IllegalArgumentException("datapath mode is null");
        }
        positive("max_queues", maxQueues);
        if (grefMappingSize < 0 || grefMappingSize > GrefMappingTable.MAX_CAPACITY) {
            throw new IllegalArgumentException("gref_mapping_size = " + grefMappingSize + " outside 0.."
                    + GrefMappingTable.MAX_CAPACITY);
        }
        if (rxQueueBytes < 0) {
            throw new IllegalArgumentException("rx_queue_bytes = " + rxQueueBytes + " is negative");
        }
        positive("tx_budget", txBudget);
        if (txCopyLength < 0 || txCopyLength > 4096) {
            throw new IllegalArgumentException("tx copy length " + txCopyLength + " outside 0..4096");
        }
        if (legacySlotsMax < 1 || fatalSlots < legacySlotsMax || fatalSlots > 256) {
            throw new IllegalArgumentException("slot limits " + legacySlotsMax + "/" + fatalSlots
                    + " must satisfy 1 <= drop limit <= fatal limit <= 256");
        }
        if (mcastMax < 0) {
            throw new IllegalArgumentException("mcast max " + mcastMax + " is negative");
        }
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " = " + v + " must be positive");
        }
    }

    /**
     * @param m the datapath mode
     * @return these settings in another mode
     */
    public NetbackSettings withMode(DatapathMode m) {
        return new NetbackSettings(m, txCopyAll, maxQueues, grefMappingSize, rxQueueBytes, txCopyLength,
                legacySlotsMax, fatalSlots, mcastMax, stallTimeoutMs, drainTimeoutMs, drainTimeoutNoNotifyMs,
                txBudget, offerCtrlRing, offerSplitEventChannels, offerMulticastControl);
    }

    /**
     * @param queues multi-queue-max-queues to offer
     * @return these settings with another queue limit
     */
    public NetbackSettings withMaxQueues(int queues) {
        return new NetbackSettings(mode, txCopyAll, queues, grefMappingSize, rxQueueBytes, txCopyLength,
                legacySlotsMax, fatalSlots, mcastMax, stallTimeoutMs, drainTimeoutMs, drainTimeoutNoNotifyMs,
                txBudget, offerCtrlRing, offerSplitEventChannels, offerMulticastControl);
    }

    /**
     * @param size staging table capacity per queue
     * @return these settings with another staging capacity
     */
    public NetbackSettings withGrefMappingSize(int size) {
        return new NetbackSettings(mode, txCopyAll, maxQueues, size, rxQueueBytes, txCopyLength,
                legacySlotsMax, fatalSlots, mcastMax, stallTimeoutMs, drainTimeoutMs, drainTimeoutNoNotifyMs,
                txBudget, offerCtrlRing, offerSplitEventChannels, offerMulticastControl);
    }

    /**
     * @param bytes per-queue RX bound
     * @return these settings with another RX bound
     */
    public NetbackSettings withRxQueueBytes(int bytes) {
        return new NetbackSettings(mode, txCopyAll, maxQueues, grefMappingSize, bytes, txCopyLength,
                legacySlotsMax, fatalSlots, mcastMax, stallTimeoutMs, drainTimeoutMs, drainTimeoutNoNotifyMs,
                txBudget, offerCtrlRing, offerSplitEventChannels, offerMulticastControl);
    }

    /**
     * @param copyAll whether COPY mode copies TX data beyond the linear part too
     * @return these settings with that choice
     */
    public NetbackSettings withTxCopyAll(boolean copyAll) {
        return new NetbackSettings(mode, copyAll, maxQueues, grefMappingSize, rxQueueBytes, txCopyLength,
                legacySlotsMax, fatalSlots, mcastMax, stallTimeoutMs, drainTimeoutMs, drainTimeoutNoNotifyMs,
                txBudget, offerCtrlRing, offerSplitEventChannels, offerMulticastControl);
    }
}

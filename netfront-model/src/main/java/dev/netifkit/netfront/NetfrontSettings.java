package dev.netifkit.netfront;

/**
 * The frontend's choices. Every field has a default ({@link #DEFAULTS}); withers give variants.
 *
 * @param queues queues to ask for (clamped to the backend's multi-queue-max-queues), 1..64
 * @param splitEventChannels use separate tx/rx event channels when the backend offers them
 * @param useCtrlRing set up a control ring when the backend offers one (feature-ctrl-ring)
 * @param staging negotiate staging grants over the control ring after Connected (SG-7)
 * @param stagingTxShare percent of the staged pool used for TX (read-only grants), 0..100; the rest is for RX
 * @param stagingPoolMax cap on staged buffers per queue (the pool is min(GET_GREF_MAPPING_SIZE, this)), ≥ 0
 * @param trusted false = FR-5: TX data bounced into zeroed pages, RX pages zeroed before posting
 * @param requestMulticastControl write request-multicast-control
 * @param txStart first index of the tx ring (RING-3 tests start near 2^32)
 * @param rxStart first index of the rx ring
 * @param ctrlTimeoutMs control-ring request timeout, on the scheduler's clock, &gt; 0
 */
public record NetfrontSettings(int queues, boolean splitEventChannels, boolean useCtrlRing, boolean staging,
                               int stagingTxShare, int stagingPoolMax, boolean trusted,
                               boolean requestMulticastControl, int txStart, int rxStart, long ctrlTimeoutMs) {

    /** Most queues a frontend asks for. */
    public static final int MAX_QUEUES = 64;

    /** One queue, split channels and control ring when offered, staging on (50% TX, ≤ 512 buffers), trusted. */
    public static final NetfrontSettings DEFAULTS = new NetfrontSettings(1, true, true, true, 50, 512, true, false,
            0, 0, 1000);

    /** Checks every field. */
    public NetfrontSettings {
        if (queues < 1 || queues > MAX_QUEUES) {
            throw new IllegalArgumentException("queues " + queues + " outside 1.." + MAX_QUEUES);
        }
        if (stagingTxShare < 0 || stagingTxShare > 100) {
            throw new IllegalArgumentException("staging tx share " + stagingTxShare + "% outside 0..100");
        }
        if (stagingPoolMax < 0) {
            throw new IllegalArgumentException("staging pool max " + stagingPoolMax + " is negative");
        }
        if (ctrlTimeoutMs <= 0) {
            throw new IllegalArgumentException("control ring timeout " + ctrlTimeoutMs + " ms (expected: > 0)");
        }
    }

    /**
     * @param n queues to ask for
     * @return a copy with that value
     */
    public NetfrontSettings withQueues(int n) {
        return new NetfrontSettings(n, splitEventChannels, useCtrlRing, staging, stagingTxShare, stagingPoolMax,
                trusted, requestMulticastControl, txStart, rxStart, ctrlTimeoutMs);
    }

    /**
     * @param split whether to use split event channels when offered
     * @return a copy with that value
     */
    public NetfrontSettings withSplitEventChannels(boolean split) {
        return new NetfrontSettings(queues, split, useCtrlRing, staging, stagingTxShare, stagingPoolMax,
                trusted, requestMulticastControl, txStart, rxStart, ctrlTimeoutMs);
    }

    /**
     * @param use whether to set up a control ring when offered
     * @return a copy with that value
     */
    public NetfrontSettings withUseCtrlRing(boolean use) {
        return new NetfrontSettings(queues, splitEventChannels, use, staging, stagingTxShare, stagingPoolMax,
                trusted, requestMulticastControl, txStart, rxStart, ctrlTimeoutMs);
    }

    /**
     * @param on whether to negotiate staging grants
     * @return a copy with that value
     */
    public NetfrontSettings withStaging(boolean on) {
        return new NetfrontSettings(queues, splitEventChannels, useCtrlRing, on, stagingTxShare, stagingPoolMax,
                trusted, requestMulticastControl, txStart, rxStart, ctrlTimeoutMs);
    }

    /**
     * @param percent percent of the staged pool used for TX
     * @return a copy with that value
     */
    public NetfrontSettings withStagingTxShare(int percent) {
        return new NetfrontSettings(queues, splitEventChannels, useCtrlRing, staging, percent, stagingPoolMax,
                trusted, requestMulticastControl, txStart, rxStart, ctrlTimeoutMs);
    }

    /**
     * @param max cap on staged buffers per queue
     * @return a copy with that value
     */
    public NetfrontSettings withStagingPoolMax(int max) {
        return new NetfrontSettings(queues, splitEventChannels, useCtrlRing, staging, stagingTxShare, max,
                trusted, requestMulticastControl, txStart, rxStart, ctrlTimeoutMs);
    }

    /**
     * @param value false for FR-5 bouncing and zeroing
     * @return a copy with that value
     */
    public NetfrontSettings withTrusted(boolean value) {
        return new NetfrontSettings(queues, splitEventChannels, useCtrlRing, staging, stagingTxShare, stagingPoolMax,
                value, requestMulticastControl, txStart, rxStart, ctrlTimeoutMs);
    }

    /**
     * @param value whether to write request-multicast-control
     * @return a copy with that value
     */
    public NetfrontSettings withRequestMulticastControl(boolean value) {
        return new NetfrontSettings(queues, splitEventChannels, useCtrlRing, staging, stagingTxShare, stagingPoolMax,
                trusted, value, txStart, rxStart, ctrlTimeoutMs);
    }

    /**
     * @param start first tx ring index
     * @return a copy with that value
     */
    public NetfrontSettings withTxStart(int start) {
        return new NetfrontSettings(queues, splitEventChannels, useCtrlRing, staging, stagingTxShare, stagingPoolMax,
                trusted, requestMulticastControl, start, rxStart, ctrlTimeoutMs);
    }

    /**
     * @param start first rx ring index
     * @return a copy with that value
     */
    public NetfrontSettings withRxStart(int start) {
        return new NetfrontSettings(queues, splitEventChannels, useCtrlRing, staging, stagingTxShare, stagingPoolMax,
                trusted, requestMulticastControl, txStart, start, ctrlTimeoutMs);
    }

    /**
     * @param ms control-ring request timeout in milliseconds
     * @return a copy with that value
     */
    public NetfrontSettings withCtrlTimeoutMs(long ms) {
        return new NetfrontSettings(queues, splitEventChannels, useCtrlRing, staging, stagingTxShare, stagingPoolMax,
                trusted, requestMulticastControl, txStart, rxStart, ms);
    }
}

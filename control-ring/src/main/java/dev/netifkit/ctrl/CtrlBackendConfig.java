package dev.netifkit.ctrl;

/**
 * Settings of a {@link CtrlBackend}.
 *
 * @param numQueues queues of the device (multi-queue-num-queues): hash mapping entries and gref tables are
 *                  checked against it (CTRL-3, SG-2); 1..{@value #MAX_QUEUES}
 * @param stagingEnabled whether the backend offers staging grants; when false GET/ADD/DEL_GREF_MAPPING are
 *                       answered NOT_SUPPORTED (SG-2) and no gref tables are needed
 * @param budget requests handled per {@link CtrlBackend#process()} call at most (BK-17: bounded work per
 *               notification); 1..{@value #MAX_BUDGET}
 */
public record CtrlBackendConfig(int numQueues, boolean stagingEnabled, int budget) {
    /** Default budget: one full control ring per call. */
    public static final int DEFAULT_BUDGET = 128;
    /** Largest number of queues accepted. */
    public static final int MAX_QUEUES = 65535;
    /** Largest budget accepted. */
    public static final int MAX_BUDGET = 1 << 16;

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the value and the limit
     */
    public CtrlBackendConfig {
        if (numQueues < 1 || numQueues > MAX_QUEUES) {
            throw new IllegalArgumentException("numQueues " + numQueues + " outside 1.." + MAX_QUEUES);
        }
        if (budget < 1 || budget > MAX_BUDGET) {
            throw new IllegalArgumentException("budget " + budget + " outside 1.." + MAX_BUDGET);
        }
    }

    /**
     * The defaults: budget {@value #DEFAULT_BUDGET}.
     *
     * @param numQueues queues of the device
     * @param staging whether staging grants are offered
     * @return the configuration
     */
    public static CtrlBackendConfig defaults(int numQueues, boolean staging) {
        return new CtrlBackendConfig(numQueues, staging, DEFAULT_BUDGET);
    }
}

package dev.netifkit.conformance.scripted;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How a {@link ScriptedFrontend} sets up its device.
 *
 * @param queues number of queues, ≥ 1; two or more use the {@code queue-N/} xenstore layout (XB-3)
 * @param ctrlRing whether to set up a control ring (128 entries) with its own event channel
 * @param txStart the index every tx ring is initialised at (RING-3, RING-4: req_prod = rsp_prod = start)
 * @param rxStart the index every rx ring is initialised at
 * @param keyOverrides xenstore keys (relative to the frontend directory, may contain {@code queue-N/}) written after
 *                     the defaults and ring keys; a null value means "do not write this key", also for a default
 * @param avoidGrefs gref numbers never used for ring pages (the ones a scenario names, granted or not)
 */
public record FrontendSetup(int queues, boolean ctrlRing, int txStart, int rxStart, Map<String, String> keyOverrides,
                            Set<Integer> avoidGrefs) {

    /** The keys every scripted frontend writes unless overridden (SCENARIOS.md). */
    public static final Map<String, String> DEFAULT_KEYS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("request-rx-copy", "1");
        m.put("feature-rx-notify", "1");
        m.put("feature-sg", "1");
        m.put("feature-gso-tcpv4", "1");
        m.put("feature-gso-tcpv6", "1");
        m.put("feature-ipv6-csum-offload", "1");
        DEFAULT_KEYS = Collections.unmodifiableMap(m);
    }

    /**
     * Checks the values and copies the collections (the override map keeps null values).
     */
    public FrontendSetup {
        if (queues < 1) {
            throw new IllegalArgumentException("queues " + queues + " (expected: >= 1)");
        }
        keyOverrides = keyOverrides == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(keyOverrides));
        avoidGrefs = avoidGrefs == null ? Set.of() : Set.copyOf(avoidGrefs);
    }

    /**
     * A plain setup: one queue, no control ring, rings at index 0, default keys.
     *
     * @return the setup
     */
    public static FrontendSetup defaults() {
        return new FrontendSetup(1, false, 0, 0, Map.of(), Set.of());
    }
}

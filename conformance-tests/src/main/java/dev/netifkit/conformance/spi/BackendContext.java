package dev.netifkit.conformance.spi;

import dev.netifkit.hv.Domain;

import java.util.Map;

/**
 * What a backend under test is given.
 *
 * @param self the backend's own domain: its memory, grant operations, event channels and xenstore connection
 * @param backendPath the device's backend directory, e.g. {@code /local/domain/0/backend/vif/1/0}
 * @param mode the datapath mode asked for: {@code copy}, {@code map} or {@code staging}
 * @param settings named limits, each present with its value (defaults filled in): {@code gref_mapping_size},
 *                 {@code max_queues}, {@code rx_queue_bytes}
 */
public record BackendContext(Domain self, String backendPath, String mode, Map<String, Long> settings) {
    /** Setting: staging table capacity per queue (default 512). */
    public static final String GREF_MAPPING_SIZE = "gref_mapping_size";
    /** Setting: multi-queue-max-queues offered (default 8). */
    public static final String MAX_QUEUES = "max_queues";
    /** Setting: per-queue bound on queued receive bytes (default 524288). */
    public static final String RX_QUEUE_BYTES = "rx_queue_bytes";

    /** The defaults of SCENARIOS.md. */
    public static final Map<String, Long> DEFAULT_SETTINGS = Map.of(GREF_MAPPING_SIZE, 512L, MAX_QUEUES, 8L,
            RX_QUEUE_BYTES, 524_288L);

    /**
     * @param name a setting name
     * @return its value
     * @throws IllegalArgumentException for an unknown name
     */
    public long setting(String name) {
        Long v = settings.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown backend setting '" + name + "' (known: " + settings.keySet() + ")");
        }
        return v;
    }
}

package dev.netifkit.conformance.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scenario's {@code frontend}.
 *
 * @param keys extra xenstore keys, in file order; a null value means "not written" (also for a default key)
 * @param queues number of queues (≥ 1)
 * @param ctrlRing whether a control ring is set up
 * @param txStart the tx rings' start index (u32)
 * @param rxStart the rx rings' start index (u32)
 */
public record FrontendSpec(Map<String, String> keys, int queues, boolean ctrlRing, int txStart, int rxStart) {
    /** Copies the keys, keeping null values. */
    public FrontendSpec {
        keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }
}

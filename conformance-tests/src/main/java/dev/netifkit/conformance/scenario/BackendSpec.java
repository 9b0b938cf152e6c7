package dev.netifkit.conformance.scenario;

import java.util.Map;

/**
 * A scenario's {@code backend}: the datapath mode and the named limits.
 *
 * @param mode {@code copy}, {@code map} or {@code staging}
 * @param settings every setting of {@link dev.netifkit.conformance.spi.BackendContext#DEFAULT_SETTINGS}, with the
 *                 file's values replacing the defaults
 */
public record BackendSpec(String mode, Map<String, Long> settings) {
    /** Copies the settings. */
    public BackendSpec {
        settings = Map.copyOf(settings);
    }
}

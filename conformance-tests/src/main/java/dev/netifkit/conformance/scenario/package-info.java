/**
 * {@code netif-scenario/1} (SCENARIOS.md): scenario files that check a backend clause by clause without writing
 * Java.
 *
 * <p>Phase 1, {@link dev.netifkit.conformance.scenario.ScenarioParser}: a file becomes a fully validated
 * {@link dev.netifkit.conformance.scenario.Scenario} or a
 * {@link dev.netifkit.conformance.scenario.ScenarioFileException} naming the file, the JSON path and the problem
 * (unknown keys are errors everywhere). Phase 2, {@link dev.netifkit.conformance.scenario.ScenarioRunner}: each
 * scenario runs in a world of its own against a backend made by a
 * {@link dev.netifkit.conformance.spi.BackendFactory}, driven by a
 * {@link dev.netifkit.conformance.scripted.ScriptedFrontend}; the result lists what differed.
 * {@link dev.netifkit.conformance.scenario.ScenarioCli} is what {@code netif scenario run} does.
 */
package dev.netifkit.conformance.scenario;

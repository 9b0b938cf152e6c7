package dev.netifkit.conformance.scenario;

import dev.netifkit.conformance.spi.BackendFactory;
import dev.netifkit.conformance.spi.ReferenceBackendFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs {@code netif-scenario/1} files against a backend under test (SCENARIOS.md).
 *
 * <p>Each scenario runs in a world of its own: a fresh hypervisor on a deterministic scheduler, the backend (made by
 * the {@link BackendFactory}) in domain 0, a {@link dev.netifkit.conformance.scripted.ScriptedFrontend} in domain
 * 1. Both sides connect through xenbus; each step is performed, both sides run until idle (bounded), then the
 * invariants and the step's {@code expect} are checked; at the end the top-level {@code expect}, then the mapping
 * audit, the frontend's close and the "no mapping left" check. Invariants checked in every scenario: no exception
 * escaped either side (scheduler task failures, {@code internalErrors()}); no frontend page changed that the backend
 * had no right to write (read-only grants, grants to other domains, never-granted pages, writable pages never posted
 * for receive nor named by a DEL_GREF_MAPPING list); every mapping the backend holds at the end is a ring page or
 * staged, and none is left once the frontend has closed.
 *
 * <pre>{@code
 * ScenarioResult r = new ScenarioRunner().run(Path.of("tx-one-slot.json"));
 * assertTrue(r.passed(), String.join("\n", r.differences()));
 * }</pre>
 */
public final class ScenarioRunner {
    private final BackendFactory factory;

    /** A runner for the reference backend ({@link ReferenceBackendFactory}). */
    public ScenarioRunner() {
        this(new ReferenceBackendFactory());
    }

    /**
     * A runner for any backend.
     *
     * @param factory creates the backend under test, once per scenario
     */
    public ScenarioRunner(BackendFactory factory) {
        if (factory == null) {
            throw new IllegalArgumentException("backend factory is null");
        }
        this.factory = factory;
    }

    /** @return the factory backends come from */
    public BackendFactory factory() {
        return factory;
    }

    /**
     * Reads, validates and runs one file.
     *
     * @param file a scenario file
     * @return the result
     * @throws ScenarioFileException if the file is unreadable or invalid (nothing runs then)
     */
    public ScenarioResult run(Path file) throws ScenarioFileException {
        return run(ScenarioParser.parse(file));
    }

    /**
     * Runs a parsed scenario.
     *
     * @param scenario the scenario
     * @return the result
     */
    public ScenarioResult run(Scenario scenario) {
        return new ScenarioExecution(scenario, factory).run();
    }

    /**
     * Validates every file first, then runs them in order.
     *
     * @param paths files and folders (folders expanded by {@link #expand})
     * @return one result per file
     * @throws ScenarioFileException for the first unreadable or invalid file (nothing runs then)
     */
    public List<ScenarioResult> runAll(List<Path> paths) throws ScenarioFileException {
        List<Scenario> scenarios = new ArrayList<>();
        for (Path p : expand(paths)) {
            scenarios.add(ScenarioParser.parse(p));
        }
        List<ScenarioResult> out = new ArrayList<>(scenarios.size());
        for (Scenario s : scenarios) {
            out.add(run(s));
        }
        return out;
    }

    /**
     * Expands folders into the {@code *.json} files under them (recursively, sorted by path); files are kept as
     * given, in the given order.
     *
     * @param paths files and folders
     * @return the files
     * @throws ScenarioFileException for a path that does not exist or a folder that cannot be listed
     */
    public static List<Path> expand(List<Path> paths) throws ScenarioFileException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    out.addAll(walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".json"))
                            .sorted().collect(Collectors.toList()));
                } catch (IOException | java.io.UncheckedIOException e) {
                    throw new ScenarioFileException(p.toString(), "$", "cannot list the folder: " + e, e);
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new ScenarioFileException(p.toString(), "$", "no such file or folder");
            }
        }
        return out;
    }
}

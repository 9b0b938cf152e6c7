package dev.netifkit.conformance.scenario;

import dev.netifkit.conformance.spi.BackendFactory;
import dev.netifkit.conformance.spi.ReferenceBackendFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code netif scenario run} does, independent of the command-line library: load the backend, validate every
 * file, run the valid ones, print {@code PASS name} / {@code FAIL name: …} and {@code N passed, M failed}, write the
 * JSON report. Exit status: 0 all passed, 1 a scenario failed, 2 a file was unreadable or invalid or the backend
 * could not be loaded (2 wins over 1).
 */
public final class ScenarioCli {
    /** Exit status: every scenario passed. */
    public static final int OK = 0;
    /** Exit status: some scenario failed. */
    public static final int FAILED = 1;
    /** Exit status: an unreadable or invalid file, or a bad {@code --backend}. */
    public static final int INVALID = 2;

    private ScenarioCli() {
    }

    /**
     * Runs scenario files.
     *
     * @param paths files and folders (folders recursively, {@code *.json}, sorted)
     * @param backendClass a {@link BackendFactory} class name, or null for the reference backend
     * @param json where the JSON report goes: a file name, {@code -} for standard output (the PASS/FAIL lines are
     *             then left out so that the output parses), or null for none
     * @param details whether to print every difference of a failed scenario on its own line
     * @param out standard output
     * @param err standard error
     * @return the exit status
     */
    public static int run(List<String> paths, String backendClass, String json, boolean details, PrintWriter out,
                          PrintWriter err) {
        try {
            return runChecked(paths, backendClass, json, details, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int runChecked(List<String> paths, String backendClass, String json, boolean details,
                                  PrintWriter out, PrintWriter err) {
        if (paths == null || paths.isEmpty()) {
            err.println("netif scenario run: no scenario file or folder given");
            return INVALID;
        }
        BackendFactory factory;
        try {
            factory = backendClass == null ? new ReferenceBackendFactory() : loadBackend(backendClass);
        } catch (IllegalArgumentException e) {
            err.println("netif scenario run: " + e.getMessage());
            return INVALID;
        }
        List<ScenarioFileException> invalid = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        for (String p : paths) {
            List<Path> files;
            try {
                files = ScenarioRunner.expand(List.of(Path.of(p)));
            } catch (ScenarioFileException e) {
                invalid.add(e);
                continue;
            } catch (java.nio.file.InvalidPathException e) {
                invalid.add(new ScenarioFileException(p, "$", "not a valid path: " + e.getMessage()));
                continue;
            }
            for (Path f : files) {
                try {
                    scenarios.add(ScenarioParser.parse(f));
                } catch (ScenarioFileException e) {
                    invalid.add(e);
                }
            }
        }
        for (ScenarioFileException e : invalid) {
            err.println("invalid scenario file: " + e.getMessage());
        }
        boolean jsonToStdout = "-".equals(json);
        ScenarioRunner runner = new ScenarioRunner(factory);
        List<ScenarioResult> results = new ArrayList<>();
        int failed = 0;
        for (Scenario s : scenarios) {
            ScenarioResult r = runner.run(s);
            results.add(r);
            if (!r.passed()) {
                failed++;
            }
            if (!jsonToStdout) {
                out.println(r.summary());
                if (details && !r.passed()) {
                    r.differences().forEach(d -> out.println("    " + d));
                }
            }
        }
        String totals = (results.size() - failed) + " passed, " + failed + " failed";
        if (jsonToStdout) {
            out.print(ScenarioReport.toJson(factory.getClass().getName(), results, invalid));
            err.println(totals);
        } else {
            out.println(totals);
            if (json != null) {
                try {
                    Files.writeString(Path.of(json), ScenarioReport.toJson(factory.getClass().getName(), results,
                            invalid));
                } catch (IOException | java.nio.file.InvalidPathException e) {
                    err.println("netif scenario run: cannot write the JSON report to " + json + ": " + e);
                    return INVALID;
                }
            }
        }
        if (!invalid.isEmpty()) {
            err.println(invalid.size() + " invalid scenario file(s)");
            return INVALID;
        }
        return failed > 0 ? FAILED : OK;
    }

    /**
     * Loads a third-party backend: a public class implementing {@link BackendFactory} with a public no-argument
     * constructor, from the classpath.
     *
     * @param className the class name
     * @return a new instance
     * @throws IllegalArgumentException saying why the class cannot be used
     */
    public static BackendFactory loadBackend(String className) {
        Class<?> c;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            c = Class.forName(className, true, loader != null ? loader : ScenarioCli.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("--backend " + className + ": cannot load the class (" + e
                    + "); put its jar on the classpath");
        }
        if (!BackendFactory.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("--backend " + className + ": does not implement "
                    + BackendFactory.class.getName());
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            throw new IllegalArgumentException("--backend " + className + ": is abstract; give a concrete class");
        }
        try {
            Constructor<?> ctor = c.getConstructor();
            return (BackendFactory) ctor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("--backend " + className + ": has no public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("--backend " + className + ": its constructor threw " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("--backend " + className + ": cannot instantiate it (" + e + ")");
        }
    }
}

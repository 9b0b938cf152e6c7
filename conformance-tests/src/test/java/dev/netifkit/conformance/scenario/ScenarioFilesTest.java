package dev.netifkit.conformance.scenario;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every {@code *.json} under {@code src/test/resources/scenarios/} (the public examples and the per-clause
 * library, recursively) against the reference backend, one dynamic test per file named {@code <name> [<clauses>]}.
 */
class ScenarioFilesTest {

    @TestFactory
    List<DynamicTest> everyScenarioFile() throws ScenarioFileException {
        Path root = Fixtures.path("scenarios");
        List<Path> files = ScenarioRunner.expand(List.of(root));
        assertTrue(files.stream().filter(f -> f.startsWith(root.resolve("examples"))).count() >= 5,
                "the public examples are missing from " + root.resolve("examples"));
        ScenarioRunner runner = new ScenarioRunner();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            Scenario s;
            try {
                s = ScenarioParser.parse(f);
            } catch (ScenarioFileException e) {
                tests.add(DynamicTest.dynamicTest(root.relativize(f).toString(), f.toUri(), () -> fail(e.getMessage())));
                continue;
            }
            tests.add(DynamicTest.dynamicTest(s.name() + " [" + String.join(", ", s.clauses()) + "]", f.toUri(), () -> {
                ScenarioResult r = runner.run(s);
                assertTrue(r.passed(), () -> root.relativize(f) + ":\n  " + String.join("\n  ", r.differences()));
            }));
        }
        return tests;
    }
}

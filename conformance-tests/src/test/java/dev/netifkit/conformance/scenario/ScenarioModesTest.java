package dev.netifkit.conformance.scenario;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BK outcomes hold in every datapath mode where they apply: each library scenario written for the default
 * mode whose expectations do not depend on which grant operations moved the data (no {@code counters}, no gref
 * mapping messages, which only a staging backend answers) runs again with the backend in map and in staging mode
 * and must pass unchanged.
 */
class ScenarioModesTest {

    @TestFactory
    Stream<DynamicTest> libraryScenariosHoldInMapAndStagingModes() throws Exception {
        Path library = Path.of(getClass().getResource("/scenarios/library").toURI());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : ScenarioRunner.expand(List.of(library))) {
            String text = Files.readString(f);
            if (text.contains("\"counters\"") || text.contains("GREF_MAPPING") || text.contains("\"mode\"")) {
                continue;
            }
            Scenario s = ScenarioParser.parse(f);
            for (String mode : List.of("map", "staging")) {
                Scenario other = new Scenario(s.file(), s.name(), s.clauses(),
                        new BackendSpec(mode, s.backend().settings()), s.frontend(), s.grants(), s.steps(), s.expect(),
                        s.mentionedGrefs());
                tests.add(DynamicTest.dynamicTest(s.name() + " [" + mode + "]", () -> {
                    ScenarioResult r = new ScenarioRunner().run(other);
                    assertTrue(r.passed(), () -> String.join("\n", r.differences()));
                }));
            }
        }
        assertTrue(tests.size() > 150, "too few scenarios re-run: " + tests.size());
        return tests.stream();
    }
}

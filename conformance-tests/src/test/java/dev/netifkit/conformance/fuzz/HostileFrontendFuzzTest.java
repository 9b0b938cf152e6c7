package dev.netifkit.conformance.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the reference backend by a hostile frontend ({@link HostileFrontend}). In the default
 * test run Jazzer replays the committed inputs under {@code src/test/resources/.../HostileFrontendFuzzTestInputs};
 * {@code mvn -Pfuzz ...} (README) fuzzes for real.
 */
class HostileFrontendFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void hostileFrontend(FuzzedDataProvider data) {
        HostileFrontend.run(data);
    }
}

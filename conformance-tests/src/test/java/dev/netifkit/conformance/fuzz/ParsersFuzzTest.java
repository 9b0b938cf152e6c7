package dev.netifkit.conformance.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netifkit.conformance.scenario.ScenarioFileException;
import dev.netifkit.conformance.scenario.ScenarioParser;
import dev.netifkit.conformance.vectors.VectorFileException;
import dev.netifkit.conformance.vectors.VectorParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * User input is never trusted either: any bytes given as a scenario or a vector file are parsed completely or
 * refused with the file's own exception (exit 2 in the CLI) — never another exception.
 */
class ParsersFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void scenarioFiles(FuzzedDataProvider data) {
        try {
            ScenarioParser.parse("fuzz.json", data.consumeRemainingAsString());
        } catch (ScenarioFileException expected) {
            // refused with file, JSON path and problem
        }
    }

    @FuzzTest(maxDuration = "2m")
    void vectorFiles(FuzzedDataProvider data) throws IOException {
        Path f = Files.createTempFile("fuzz", ".json");
        try {
            Files.write(f, data.consumeRemainingAsBytes());
            VectorParser.read(f);
        } catch (VectorFileException expected) {
            // refused with file, JSON path and problem
        } finally {
            Files.deleteIfExists(f);
        }
    }
}

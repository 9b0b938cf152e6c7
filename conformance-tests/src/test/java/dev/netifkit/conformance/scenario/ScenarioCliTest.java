package dev.netifkit.conformance.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netifkit.conformance.spi.BackendContext;
import dev.netifkit.conformance.spi.BackendFactory;
import dev.netifkit.conformance.spi.BackendUnderTest;
import dev.netifkit.conformance.spi.ReferenceBackendFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code netif scenario run}: output lines, exit codes, {@code --backend}, {@code --json}. */
class ScenarioCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String backend, String json, boolean details, String... paths) {
        return ScenarioCli.run(Arrays.asList(paths), backend, json, details, new PrintWriter(out), new PrintWriter(err));
    }

    private static String fixture(String name) {
        return Fixtures.path("scenario-fixtures/" + name).toString();
    }

    private List<String> outLines() {
        return out.toString().lines().toList();
    }

    @Test
    void allPass_exit0() {
        assertEquals(ScenarioCli.OK, run(null, null, false, fixture("passing")), err::toString);
        assertEquals(List.of("PASS example-rx-one-packet", "PASS example-tx-one-slot", "2 passed, 0 failed"),
                outLines());
        assertEquals("", err.toString());
    }

    @Test
    void aFailure_exit1_withWhatDiffered() {
        assertEquals(ScenarioCli.FAILED, run(null, null, false, fixture("failing"), fixture("passing/tx-one-slot.json")));
        assertEquals(List.of("FAIL expects-wrong-status: step 0 (tx): tx_responses: expected [{id 5, ERROR}], actual"
                        + " [{id 5, OKAY}] (missing [{id 5, ERROR}]; unexpected [{id 5, OKAY}])",
                "PASS example-tx-one-slot", "1 passed, 1 failed"), outLines());
    }

    @Test
    void details_listEveryDifference() {
        run(null, null, true, fixture("failing"));
        assertTrue(outLines().get(1).startsWith("    step 0 (tx): tx_responses: expected"), out::toString);
    }

    @Test
    void invalidFile_exit2_namingFilePathAndProblem_otherFilesStillRun() {
        String bad = fixture("malformed/unknown-key.json");
        assertEquals(ScenarioCli.INVALID, run(null, null, false, bad, fixture("failing")));
        assertTrue(err.toString().contains("invalid scenario file: " + bad
                + ": $.steps[1].tx[0].flgs: unknown key (expected gref, offset, flags, id, size)"), err::toString);
        assertEquals("0 passed, 1 failed", outLines().get(outLines().size() - 1));
    }

    @Test
    void missingPath_exit2() {
        assertEquals(ScenarioCli.INVALID, run(null, null, false, "no/such/dir"));
        assertTrue(err.toString().contains("no/such/dir: $: no such file or folder"), err::toString);
    }

    @Test
    void backend_loadedByClassName() {
        PublicFactory.created = 0;
        assertEquals(ScenarioCli.OK, run(PublicFactory.class.getName(), null, false, fixture("passing")),
                err::toString);
        assertEquals(2, PublicFactory.created);
    }

    @Test
    void backend_unusableClasses_exit2() {
        assertEquals(ScenarioCli.INVALID, run("com.example.NoSuchBackend", null, false, fixture("passing")));
        assertTrue(err.toString().contains("--backend com.example.NoSuchBackend: cannot load the class"), err::toString);
        assertEquals("", out.toString());
        assertEquals(ScenarioCli.INVALID, run("java.lang.String", null, false, fixture("passing")));
        assertTrue(err.toString().contains("--backend java.lang.String: does not implement "
                + BackendFactory.class.getName()), err::toString);
        assertEquals(ScenarioCli.INVALID, run(NoDefaultConstructor.class.getName(), null, false, fixture("passing")));
        assertTrue(err.toString().contains("has no public no-argument constructor"), err::toString);
    }

    @Test
    void json_reportToAFile(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        assertEquals(ScenarioCli.INVALID, run(null, report.toString(), false, fixture("failing"), fixture("passing"),
                fixture("malformed/bad-hex.json")));
        JsonNode root = new ObjectMapper().readTree(Files.readString(report));
        assertEquals(ScenarioReport.FORMAT, root.get("format").asText());
        assertEquals(ReferenceBackendFactory.class.getName(), root.get("backend").asText());
        assertEquals(2, root.get("passed").asInt());
        assertEquals(1, root.get("failed").asInt());
        assertEquals("$.grants[0].data", root.get("invalid").get(0).get("json_path").asText());
        JsonNode first = root.get("scenarios").get(0);
        assertEquals("expects-wrong-status", first.get("name").asText());
        assertEquals("TX-3", first.get("clauses").get(0).asText());
        assertEquals("FAIL", first.get("result").asText());
        assertTrue(first.get("differences").get(0).asText().startsWith("step 0 (tx): tx_responses"));
        assertEquals("PASS", root.get("scenarios").get(1).get("result").asText());
    }

    @Test
    void json_toStdoutIsOnlyJson() throws Exception {
        assertEquals(ScenarioCli.OK, run(null, "-", false, fixture("passing")));
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertEquals(2, root.get("scenarios").size());
        assertTrue(err.toString().contains("2 passed, 0 failed"), err::toString);
    }

    /** A third-party backend as {@code --backend} loads it. */
    public static final class PublicFactory implements BackendFactory {
        static int created;

        @Override
        public BackendUnderTest create(BackendContext context) {
            created++;
            return new ReferenceBackendFactory().create(context);
        }
    }

    /** Not loadable: no public no-argument constructor. */
    public static final class NoDefaultConstructor implements BackendFactory {
        /** @param unused anything */
        public NoDefaultConstructor(int unused) {
        }

        @Override
        public BackendUnderTest create(BackendContext context) {
            throw new AssertionError("never created: --backend refuses a factory without a no-argument constructor");
        }
    }
}

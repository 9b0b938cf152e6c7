package dev.netifkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code netif vectors verify}: counts, mismatches, exit codes 0/1/2, invalid files named with their JSON path. */
class VectorsVerifyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PUBLIC_CASES = 3351;

    @TempDir
    Path dir;

    private static ObjectNode bundled() throws IOException {
        try (InputStream in = VectorsVerifyTest.class.getResourceAsStream("/vectors/netif-abi-vectors.json")) {
            return (ObjectNode) MAPPER.readTree(in);
        }
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    /** The bundled public file with one struct case's hex changed in its last byte. */
    private Path corrupted(String kind) throws IOException {
        ObjectNode doc = bundled();
        int index = firstIndexOf(doc, kind);
        ObjectNode c = (ObjectNode) doc.get("cases").get(index);
        String hex = c.get("hex").asText();
        String last = hex.substring(hex.length() - 2);
        c.put("hex", hex.substring(0, hex.length() - 2) + (last.equals("ff") ? "00" : "ff"));
        return write("corrupted-" + kind + ".json", MAPPER.writeValueAsString(doc));
    }

    private static int firstIndexOf(JsonNode doc, String kind) {
        JsonNode cases = doc.get("cases");
        for (int i = 0; i < cases.size(); i++) {
            if (kind.equals(cases.get(i).get("kind").asText())) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " case in the bundled file");
    }

    @Test
    void bundledPublicFilePassesEveryCase() {
        Cli.Result r = Cli.run("vectors", "verify");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(PUBLIC_CASES + " passed, 0 failed", r.lastLine(), r.toString());
        assertTrue(r.out().contains("(bundled public vectors)"), r.toString());
        assertTrue(r.lines().stream().anyMatch(l -> l.matches("netif_tx_request\\s+150 passed, 0 failed")),
                r.toString());
        for (String kind : new String[] {"netif_tx_response", "netif_rx_request", "netif_rx_response",
            "netif_extra_info", "xen_netif_ctrl_request", "xen_netif_ctrl_response", "xen_netif_gref",
            "grant_entry_v1", "ring_size", "ring_arith", "push_notify", "final_check", "sring", "toeplitz",
            "packet_hash"}) {
            assertTrue(r.lines().stream().anyMatch(l -> l.matches(kind + "\\s+\\d+ passed, 0 failed")), kind);
        }
    }

    @Test
    void aNamedCopyOfThePublicFilePassesToo() throws IOException {
        Path copy = write("copy.json", MAPPER.writeValueAsString(bundled()));
        Cli.Result r = Cli.run("vectors", "verify", copy.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("== " + copy + ": " + PUBLIC_CASES + " cases"), r.toString());
        assertEquals(PUBLIC_CASES + " passed, 0 failed", r.lastLine());
    }

    @Test
    void oneCorruptedCaseExitsOneAndPrintsTheMismatchWithTheCase() throws IOException {
        Path f = corrupted("netif_rx_response");
        int index = firstIndexOf(MAPPER.readTree(f.toFile()), "netif_rx_response");
        Cli.Result r = Cli.run("vectors", "verify", f.toString());
        assertEquals(1, r.exit(), r.toString());
        assertEquals((PUBLIC_CASES - 1) + " passed, 1 failed", r.lastLine(), r.toString());
        assertTrue(r.lines().stream().anyMatch(l -> l.matches("netif_rx_response\\s+149 passed, 1 failed")),
                r.toString());
        int at = r.lines().indexOf(r.lines().stream().filter(l -> l.startsWith("FAIL ")).findFirst().orElseThrow());
        String fail = r.lines().get(at);
        assertTrue(fail.startsWith("FAIL case " + index + " (netif_rx_response): encode"), fail);
        assertTrue(fail.contains("expected") && fail.contains("got"), fail);
        assertTrue(r.lines().get(at + 1).trim().startsWith("{\"kind\":\"netif_rx_response\""), r.toString());
    }

    @Test
    void severalFilesGetAHeaderEachAndOneSummedFinalLine() throws IOException {
        Path good = write("good.json", MAPPER.writeValueAsString(bundled()));
        Path bad = corrupted("xen_netif_gref");
        Cli.Result r = Cli.run("vectors", "verify", good.toString(), bad.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains("== " + good + ": ") && r.out().contains("== " + bad + ": "), r.toString());
        assertEquals((2 * PUBLIC_CASES - 1) + " passed, 1 failed", r.lastLine());
    }

    @Test
    void invalidFileExitsTwoEvenWhenAnotherFails() throws IOException {
        Path bad = corrupted("netif_tx_request");
        Path invalid = write("invalid.json", "{\"format\":\"netif-abi-vectors/1\"}");
        Cli.Result r = Cli.run("vectors", "verify", bad.toString(), invalid.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(invalid + ": $.cases: missing"), r.toString());
        assertEquals((PUBLIC_CASES - 1) + " passed, 1 failed", r.lastLine());
    }

    @Test
    void notJsonExitsTwoNamingTheFile() throws IOException {
        Path f = write("broken.json", "{\"format\": ");
        assertInvalid(f, "not valid JSON");
    }

    @Test
    void wrongFormatExitsTwoNamingThePath() throws IOException {
        Path f = write("v2.json", "{\"format\":\"netif-abi-vectors/2\",\"cases\":[]}");
        assertInvalid(f, "$.format");
    }

    @Test
    void unknownKindExitsTwoNamingThePath() throws IOException {
        Path f = write("kind.json", "{\"format\":\"netif-abi-vectors/1\",\"cases\":[{\"kind\":\"netif_tx_frob\"}]}");
        assertInvalid(f, "$.cases[0].kind");
    }

    @Test
    void missingFieldExitsTwoNamingThePath() throws IOException {
        Path f = write("field.json", "{\"format\":\"netif-abi-vectors/1\",\"cases\":[{\"kind\":\"netif_tx_response\","
                + "\"fields\":{\"id\":1},\"hex\":\"01000000\"}]}");
        assertInvalid(f, "$.cases[0].fields.status: missing");
    }

    @Test
    void absentFileExitsTwo() {
        Path f = dir.resolve("absent.json");
        assertInvalid(f, "no such file");
    }

    private static void assertInvalid(Path f, String what) {
        Cli.Result r = Cli.run("vectors", "verify", f.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("netif vectors verify: " + f + ": "), r.toString());
        assertTrue(r.err().contains(what), r.toString());
        assertEquals("0 passed, 0 failed", r.lastLine(), r.toString());
    }

    @Test
    void jsonReportHoldsCountsAndFailures() throws IOException {
        Path bad = corrupted("netif_extra_info");
        Cli.Result r = Cli.run("vectors", "verify", "--json", bad.toString());
        assertEquals(1, r.exit(), r.toString());
        JsonNode report = MAPPER.readTree(r.out());
        assertEquals(PUBLIC_CASES - 1, report.get("passed").asInt());
        assertEquals(1, report.get("failed").asInt());
        JsonNode file = report.get("files").get(0);
        assertEquals(bad.toString(), file.get("file").asText());
        assertEquals(299, file.get("kinds").get("netif_extra_info").get("passed").asInt());
        JsonNode failure = file.get("failures").get(0);
        assertEquals("netif_extra_info", failure.get("kind").asText());
        assertEquals("netif_extra_info", failure.get("case").get("kind").asText());
    }
}

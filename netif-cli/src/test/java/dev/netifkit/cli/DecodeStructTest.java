package dev.netifkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code decode --struct KIND HEX} for every struct kind, checked against the golden vectors: the decoded fields
 * must be the case's {@code fields} (the C ABI's answer), and a wrong length exits 2 naming both lengths.
 */
class DecodeStructTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int CASES_PER_KIND = 10;
    private static final Map<String, Integer> LENGTHS = new LinkedHashMap<>();

    static {
        LENGTHS.put("netif_tx_request", 12);
        LENGTHS.put("netif_tx_response", 4);
        LENGTHS.put("netif_rx_request", 8);
        LENGTHS.put("netif_rx_response", 8);
        LENGTHS.put("netif_extra_info", 8);
        LENGTHS.put("xen_netif_ctrl_request", 16);
        LENGTHS.put("xen_netif_ctrl_response", 12);
        LENGTHS.put("xen_netif_gref", 8);
        LENGTHS.put("grant_entry_v1", 8);
    }

    private static JsonNode vectors() throws IOException {
        try (InputStream in = DecodeStructTest.class.getResourceAsStream("/vectors/netif-abi-vectors.json")) {
            return MAPPER.readTree(in);
        }
    }

    /** The vector's fields in our flat naming: extra-info unions become gso_size, mcast_addr, hash_value, … */
    private static ObjectNode flat(JsonNode fields) {
        ObjectNode out = MAPPER.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> it = fields.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                Iterator<Map.Entry<String, JsonNode>> inner = e.getValue().properties().iterator();
                while (inner.hasNext()) {
                    Map.Entry<String, JsonNode> i = inner.next();
                    out.set(e.getKey() + "_" + i.getKey(), i.getValue());
                }
            } else {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Our fields without the {@code *_name} labels. */
    private static ObjectNode raw(JsonNode fields) {
        ObjectNode out = MAPPER.createObjectNode();
        fields.properties().forEach(e -> {
            if (!e.getKey().endsWith("_name")) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyStructKindDecodesToTheVectorsFields() throws IOException {
        JsonNode cases = vectors().get("cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (String kind : LENGTHS.keySet()) {
            List<JsonNode> ofKind = new ArrayList<>();
            cases.forEach(c -> {
                if (kind.equals(c.get("kind").asText())) {
                    ofKind.add(c);
                }
            });
            assertTrue(!ofKind.isEmpty(), "no " + kind + " case");
            // Spread over the file: the generator puts edge values throughout.
            int step = Math.max(1, ofKind.size() / CASES_PER_KIND);
            for (int i = 0; i < ofKind.size(); i += step) {
                JsonNode c = ofKind.get(i);
                tests.add(DynamicTest.dynamicTest(kind + " " + c.get("hex").asText(), () -> {
                    Cli.Result r = Cli.run("decode", "--json", "--struct", kind, c.get("hex").asText());
                    assertEquals(0, r.exit(), r.toString());
                    JsonNode d = MAPPER.readTree(r.out());
                    assertEquals(kind, d.get("kind").asText());
                    assertEquals(flat(c.get("fields")), raw(d.get("fields")), "case " + c);
                    Cli.Result text = Cli.run("decode", "--struct", kind, c.get("hex").asText());
                    assertEquals(0, text.exit(), text.toString());
                    assertTrue(text.out().startsWith(kind + " (" + LENGTHS.get(kind) + " bytes): "
                            + c.get("hex").asText()), text.toString());
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> wrongLengthExitsTwoNamingExpectedAndActual() {
        return LENGTHS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String hex = "ab".repeat(e.getValue() + 1);
            Cli.Result r = Cli.run("decode", "--struct", e.getKey(), hex);
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("wrong length: " + (e.getValue() + 1) + " bytes, expected " + e.getValue()),
                    r.toString());
        }));
    }

    @Test
    void textTableNamesFlagsAndStatuses() {
        Cli.Result r = Cli.run("decode", "--struct", "netif_rx_response", "0500 4000 0d00 ffff");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+flags\\s+13\\s+data_validated\\|more_data\\|extra_info")),
                r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+status\\s+-1\\s+ERROR")), r.toString());
        Cli.Result unnamed = Cli.run("decode", "--json", "--struct", "netif_rx_response", "0500400009000cff");
        assertTrue(unnamed.out().contains("\"status\" : -244") && !unnamed.out().contains("status_name"),
                unnamed.toString());
        Cli.Result tx = Cli.run("decode", "--struct", "netif_tx_response", "0100 0500");
        assertTrue(tx.out().lines().anyMatch(l -> l.matches("\\s+status\\s+5")), tx.toString());
        Cli.Result g = Cli.run("decode", "--struct", "grant_entry_v1", "0500 0100 2a000000");
        assertTrue(g.out().lines().anyMatch(l -> l.matches("\\s+flags\\s+5\\s+permit_access\\|readonly")),
                g.toString());
    }

    @Test
    void unknownKindExitsTwoListingTheKinds() {
        Cli.Result r = Cli.run("decode", "--struct", "netif_tx_frob", "00");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("unknown structure 'netif_tx_frob'") && r.err().contains("grant_entry_v1"),
                r.toString());
    }
}

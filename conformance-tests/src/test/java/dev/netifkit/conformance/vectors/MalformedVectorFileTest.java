package dev.netifkit.conformance.vectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file that is not a valid netif-abi-vectors/1 document is refused with its name, the JSON path and the problem. */
class MalformedVectorFileTest {
    @TempDir
    Path dir;

    private String failureOf(String json) throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, json, StandardCharsets.UTF_8);
        VectorFileException e = assertThrows(VectorFileException.class, () -> VectorParser.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    private static String wrap(String caseJson) {
        return "{\"format\":\"netif-abi-vectors/1\",\"cases\":[" + caseJson + "]}";
    }

    @Test
    void missingFile() {
        VectorFileException e = assertThrows(VectorFileException.class,
                () -> VectorParser.read(dir.resolve("absent.json")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void notJson() throws IOException {
        assertTrue(failureOf("{\"format\": ").contains("not valid JSON"));
    }

    @Test
    void wrongFormat() throws IOException {
        String m = failureOf("{\"format\":\"netif-abi-vectors/2\",\"cases\":[]}");
        assertTrue(m.contains("$.format") && m.contains("netif-abi-vectors/1"), m);
    }

    @Test
    void casesMissing() throws IOException {
        assertTrue(failureOf("{\"format\":\"netif-abi-vectors/1\"}").contains("$.cases: missing"));
    }

    @Test
    void unknownKind() throws IOException {
        String m = failureOf(wrap("{\"kind\":\"netif_tx_frobnicate\"}"));
        assertTrue(m.contains("$.cases[0].kind") && m.contains("netif_tx_frobnicate"), m);
    }

    @Test
    void fieldOutOfRange() throws IOException {
        String m = failureOf(wrap("{\"kind\":\"netif_tx_request\",\"fields\":{\"gref\":1,\"offset\":70000,"
                + "\"flags\":0,\"id\":0,\"size\":0},\"hex\":\"000000000000000000000000\"}"));
        assertTrue(m.contains("$.cases[0].fields.offset") && m.contains("u16"), m);
    }

    @Test
    void missingField() throws IOException {
        String m = failureOf(wrap("{\"kind\":\"netif_tx_response\",\"fields\":{\"id\":1},\"hex\":\"01000000\"}"));
        assertTrue(m.contains("$.cases[0].fields.status: missing"), m);
    }

    @Test
    void unknownField() throws IOException {
        String m = failureOf(wrap("{\"kind\":\"netif_tx_response\",\"fields\":{\"id\":1,\"status\":0,\"sttus\":0},"
                + "\"hex\":\"01000000\"}"));
        assertTrue(m.contains("$.cases[0].fields.sttus: unknown field"), m);
    }

    @Test
    void badHex() throws IOException {
        String m = failureOf(wrap("{\"kind\":\"netif_tx_response\",\"fields\":{\"id\":1,\"status\":0},"
                + "\"hex\":\"0100000g\"}"));
        assertTrue(m.contains("$.cases[0].hex") && m.contains("'g'"), m);
    }

    @Test
    void hexOfTheWrongLength() throws IOException {
        String m = failureOf(wrap("{\"kind\":\"netif_rx_request\",\"fields\":{\"id\":1,\"pad\":0,\"gref\":0},"
                + "\"hex\":\"0100\"}"));
        assertTrue(m.contains("2 bytes") && m.contains("is 8"), m);
    }

    @Test
    void badSide() throws IOException {
        String m = failureOf(wrap("{\"kind\":\"push_notify\",\"side\":\"both\",\"old\":0,\"new\":1,\"event\":1,"
                + "\"notify\":true}"));
        assertTrue(m.contains("$.cases[0].side"), m);
    }
}

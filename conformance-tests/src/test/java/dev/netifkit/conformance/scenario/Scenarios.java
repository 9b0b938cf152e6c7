package dev.netifkit.conformance.scenario;

import dev.netifkit.conformance.spi.BackendFactory;
import dev.netifkit.conformance.spi.ReferenceBackendFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: scenarios written inline as the members of the top-level object. */
final class Scenarios {
    private Scenarios() {
    }

    /** A full document from its members after {@code format} and {@code name}. */
    static String doc(String members) {
        return "{\"format\": \"netif-scenario/1\", \"name\": \"inline\", " + members + "}";
    }

    static Scenario parse(String members) {
        try {
            return ScenarioParser.parse("inline.json", doc(members));
        } catch (ScenarioFileException e) {
            return fail("the inline scenario is invalid: " + e.getMessage());
        }
    }

    static ScenarioResult run(String members) {
        return run(new ReferenceBackendFactory(), members);
    }

    static ScenarioResult run(BackendFactory factory, String members) {
        return new ScenarioRunner(factory).run(parse(members));
    }

    static void assertPasses(String members) {
        ScenarioResult r = run(members);
        assertTrue(r.passed(), () -> "expected PASS, got " + String.join("\n", r.differences()));
    }

    /** The scenario must fail with exactly these differences. */
    static void assertFails(String members, String... differences) {
        assertFails(new ReferenceBackendFactory(), members, differences);
    }

    static void assertFails(BackendFactory factory, String members, String... differences) {
        ScenarioResult r = run(factory, members);
        assertFalse(r.passed(), "expected FAIL, got PASS");
        assertEquals(List.of(differences), r.differences());
    }

    /** The scenario must fail, its first difference starting with {@code prefix}. */
    static ScenarioResult assertFailsWith(BackendFactory factory, String members, String prefix) {
        ScenarioResult r = run(factory, members);
        assertFalse(r.passed(), "expected FAIL, got PASS");
        assertTrue(r.differences().get(0).startsWith(prefix),
                () -> "expected a difference starting with\n  " + prefix + "\ngot\n  " + String.join("\n  ",
                        r.differences()));
        return r;
    }

    static String hexSeq(int from, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + length; i++) {
            sb.append(String.format("%02x", i & 0xFF));
        }
        return sb.toString();
    }
}

package dev.netifkit.conformance.clauses;

import dev.netifkit.conformance.scenario.Scenario;
import dev.netifkit.conformance.scenario.ScenarioParser;
import dev.netifkit.conformance.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue matches the digest, every clause a scenario names exists, and every clause a scripted frontend can
 * exercise — guest transmit and receive, control ring, staging grants, backend outcomes — is named by at least one
 * scenario of the library. (SG-7 is the frontend's choice: the netfront and pair tests check it. GNT, FR and most
 * RING/XB clauses are checked by the hypervisor, frontend and ring tests.)
 */
class ClauseCoverageTest {
    private static final Set<String> FAMILIES_BY_SCENARIO = Set.of("TX", "RX", "CTRL", "SG", "BK");
    private static final Set<String> NOT_BY_SCENARIO = Set.of("SG-7");

    @Test
    void theCatalogueHoldsEveryClauseOfTheDigest() {
        ClauseCatalogue c = ClauseCatalogue.get();
        assertEquals(70, c.all().size());
        assertEquals("Backend outcomes for every frontend input", c.find("BK-6").section());
        assertTrue(c.contains("SG-4") && c.contains("FR-7") && c.contains("XB-4") && c.contains("GNT-5"));
    }

    @Test
    void everyScenarioNamesRealClausesAndTheLibraryCoversEveryBackendClause() throws Exception {
        ClauseCatalogue c = ClauseCatalogue.get();
        List<Path> files = ScenarioRunner.expand(List.of(Path.of(getClass().getResource("/scenarios").toURI())));
        Set<String> named = new TreeSet<>();
        for (Path f : files) {
            Scenario s = ScenarioParser.parse(f);
            for (String id : s.clauses()) {
                assertTrue(c.contains(id), f.getFileName() + " names unknown clause " + id);
                named.add(id);
            }
        }
        Set<String> missing = new TreeSet<>();
        for (Clause clause : c.all()) {
            if (FAMILIES_BY_SCENARIO.contains(clause.family()) && !NOT_BY_SCENARIO.contains(clause.id())
                    && !named.contains(clause.id())) {
                missing.add(clause.id());
            }
        }
        assertTrue(missing.isEmpty(), "clauses no scenario checks: " + missing);
    }
}

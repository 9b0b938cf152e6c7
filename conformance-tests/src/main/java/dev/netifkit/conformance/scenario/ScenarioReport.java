package dev.netifkit.conformance.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The machine-readable report of a scenario run ({@code netif scenario run --json}): per scenario its name, file,
 * clauses, result and differences; the totals; the files that could not be read or validated.
 */
public final class ScenarioReport {
    /** The report's format tag. */
    public static final String FORMAT = "netif-scenario-report/1";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ScenarioReport() {
    }

    /**
     * Renders a report as JSON.
     *
     * @param backend the backend factory's class name
     * @param results the results, in run order
     * @param invalid the files that were unreadable or invalid
     * @return the JSON text
     */
    public static String toJson(String backend, List<ScenarioResult> results, List<ScenarioFileException> invalid) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("backend", backend);
        long passed = results.stream().filter(ScenarioResult::passed).count();
        root.put("passed", passed);
        root.put("failed", results.size() - passed);
        ArrayNode bad = root.putArray("invalid");
        for (ScenarioFileException e : invalid) {
            ObjectNode o = bad.addObject();
            o.put("file", e.file());
            o.put("json_path", e.jsonPath());
            o.put("problem", e.problem());
        }
        ArrayNode list = root.putArray("scenarios");
        for (ScenarioResult r : results) {
            ObjectNode o = list.addObject();
            o.put("name", r.name());
            o.put("file", r.file());
            ArrayNode clauses = o.putArray("clauses");
            r.clauses().forEach(clauses::add);
            o.put("result", r.passed() ? "PASS" : "FAIL");
            ArrayNode d = o.putArray("differences");
            r.differences().forEach(d::add);
        }
        try {
            return MAPPER.writeValueAsString(root) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render a tree of strings and numbers as JSON", e);
        }
    }
}

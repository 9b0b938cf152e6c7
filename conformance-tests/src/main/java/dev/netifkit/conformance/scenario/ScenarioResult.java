package dev.netifkit.conformance.scenario;

import java.util.List;

/**
 * The outcome of one scenario.
 *
 * @param name the scenario's name
 * @param file the file it came from
 * @param clauses the clause IDs it checks
 * @param passed true when nothing differed
 * @param differences what differed, one message each: where ({@code step N (action)}, {@code connect}, {@code end},
 *                    {@code close}), which key, expected and actual
 */
public record ScenarioResult(String name, String file, List<String> clauses, boolean passed,
                             List<String> differences) {
    /** Copies the lists. */
    public ScenarioResult {
        clauses = List.copyOf(clauses);
        differences = List.copyOf(differences);
    }

    /** @return {@code PASS name} or {@code FAIL name: first difference (and N more)} */
    public String summary() {
        if (passed) {
            return "PASS " + name;
        }
        return "FAIL " + name + ": " + differences.get(0)
                + (differences.size() > 1 ? " (and " + (differences.size() - 1) + " more)" : "");
    }
}

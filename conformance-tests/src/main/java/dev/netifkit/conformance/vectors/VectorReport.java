package dev.netifkit.conformance.vectors;

import java.util.List;
import java.util.Map;

/**
 * The outcome of verifying one vector file.
 *
 * @param file the file's name
 * @param perKind passed and failed counts per case kind, in first-seen order
 * @param failures every failing case with what differed
 */
public record VectorReport(String file, Map<String, Counts> perKind, List<Failure> failures) {

    /**
     * Counts of one kind.
     *
     * @param passed cases that matched
     * @param failed cases that did not
     */
    public record Counts(int passed, int failed) {
    }

    /**
     * One failing case.
     *
     * @param index its position in {@code cases}
     * @param kind its kind
     * @param difference what differed, expected against actual
     * @param json the case as written
     */
    public record Failure(int index, String kind, String difference, String json) {
    }

    /** @return cases that matched */
    public int passed() {
        return perKind.values().stream().mapToInt(Counts::passed).sum();
    }

    /** @return cases that did not */
    public int failed() {
        return perKind.values().stream().mapToInt(Counts::failed).sum();
    }
}

package dev.netifkit.conformance.clauses;

/**
 * One rule of the protocol digest.
 *
 * @param id the clause ID, e.g. {@code BK-6}
 * @param section the digest section it belongs to, e.g. {@code Backend outcomes for every frontend input}
 * @param level {@code MUST} (checked) or {@code SHOULD} (reported as a warning)
 * @param summary its first sentence
 */
public record Clause(String id, String section, String level, String summary) {
    /** @return the ID's prefix, e.g. {@code BK} */
    public String family() {
        return id.substring(0, id.indexOf('-'));
    }
}

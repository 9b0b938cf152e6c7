package dev.netifkit.netback;

/**
 * A frontend's breach of a rule the protocol calls fatal, or the reason the backend refused to connect.
 *
 * @param clause the SPEC.md clause ID, e.g. {@code BK-6}
 * @param message what happened, with the values involved
 */
public record Violation(String clause, String message) {
    @Override
    public String toString() {
        return message + " (" + clause + ")";
    }
}

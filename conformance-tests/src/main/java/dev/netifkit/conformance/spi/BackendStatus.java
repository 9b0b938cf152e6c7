package dev.netifkit.conformance.spi;

/**
 * Where a backend under test stands.
 *
 * @param state {@link State}
 * @param clause for FATAL and REFUSED: the SPEC.md clause its reason names (may be null if it names none)
 * @param reason for FATAL and REFUSED: what it said
 */
public record BackendStatus(State state, String clause, String reason) {

    /** Device states a scenario's {@code device} expectation distinguishes. */
    public enum State {
        /** Not (yet) connected. */
        WAITING,
        /** Connected and processing. */
        CONNECTED,
        /** Disabled after a fatal frontend error. */
        FATAL,
        /** Refused to connect. */
        REFUSED,
        /** Disconnected after the frontend closed. */
        CLOSED
    }
}

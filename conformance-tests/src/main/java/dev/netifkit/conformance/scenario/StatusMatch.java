package dev.netifkit.conformance.scenario;

import java.util.function.IntFunction;

/**
 * An expected status: an exact value, or {@code "negative"} (any value below 0).
 *
 * @param value the exact value (unused when {@code negative})
 * @param negative whether any negative value matches
 */
public record StatusMatch(int value, boolean negative) {

    /**
     * @param value the exact value
     * @return a matcher of exactly that value
     */
    public static StatusMatch exactly(int value) {
        return new StatusMatch(value, false);
    }

    /** @return a matcher of any negative value */
    public static StatusMatch anyNegative() {
        return new StatusMatch(0, true);
    }

    /**
     * @param actual a status read from the ring
     * @return whether it matches
     */
    public boolean matches(int actual) {
        return negative ? actual < 0 : actual == value;
    }

    /**
     * @param namer how values are named (e.g. {@code NetifRsp::name})
     * @return the expectation as a message shows it
     */
    public String describe(IntFunction<String> namer) {
        return negative ? "negative" : namer.apply(value);
    }
}

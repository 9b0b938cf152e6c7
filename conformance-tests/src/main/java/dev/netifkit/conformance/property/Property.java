package dev.netifkit.conformance.property;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs a law over seeded random values: each trial draws a value from its own seed; on the first failure the
 * value is shrunk and an {@link AssertionError} reports the seed that replays it, the shrunk counterexample, the
 * original one and the cause.
 *
 * <pre>{@code
 * Property.forAll("tx request round trip", WireGen.txRequests(), Shrinker.none(), 2000, req -> { ... });
 * }</pre>
 */
public final class Property {
    private static final int MAX_SHRINK_STEPS = 2000;

    private Property() {
    }

    /**
     * Checks a law for every drawn value.
     *
     * @param name what the law says, used in the report and for the fixed seed
     * @param gen the value generator
     * @param shrinker how to shrink a failing value
     * @param defaultTrials trials unless {@code -Dnetifkit.trials} says otherwise
     * @param law throws (an assertion) when the law does not hold
     * @param <T> the value type
     */
    public static <T> void forAll(String name, Gen<T> gen, Shrinker<T> shrinker, int defaultTrials,
                                  Consumer<? super T> law) {
        PropertyConfig config = PropertyConfig.forProperty(name, defaultTrials);
        for (int trial = 0; trial < config.trials(); trial++) {
            long seed = config.seedOf(trial);
            T value = gen.next(new SplittableRandom(seed));
            Throwable failure = failureOf(law, value);
            if (failure != null) {
                throw report(name, trial, seed, value, shrinker, law, failure);
            }
        }
    }

    private static <T> Throwable failureOf(Consumer<? super T> law, T value) {
        try {
            law.accept(value);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    private static <T> AssertionError report(String name, int trial, long seed, T original, Shrinker<T> shrinker,
                                             Consumer<? super T> law, Throwable originalFailure) {
        T smallest = original;
        Throwable smallestFailure = originalFailure;
        int steps = 0;
        boolean progress = true;
        while (progress && steps < MAX_SHRINK_STEPS) {
            progress = false;
            for (T candidate : shrinker.candidates(smallest)) {
                Throwable f = failureOf(law, candidate);
                steps++;
                if (f != null) {
                    smallest = candidate;
                    smallestFailure = f;
                    progress = true;
                    break;
                }
                if (steps >= MAX_SHRINK_STEPS) {
                    break;
                }
            }
        }
        String message = "property '" + name + "' failed at trial " + trial
                + "\n  seed: " + seed + "   (replay: -D" + PropertyConfig.SEED_PROPERTY + "=" + seed + ")"
                + "\n  counterexample (shrunk, " + steps + " shrink attempts): " + smallest
                + (smallest == original ? "" : "\n  original: " + original)
                + "\n  cause: " + smallestFailure;
        AssertionError error = new AssertionError(message, smallestFailure);
        return error;
    }
}

package dev.netifkit.conformance.property;

/**
 * How many trials a property runs and from which seed, from system properties so any run can be replayed:
 *
 * <ul>
 *   <li>{@code -Dnetifkit.seed=N} — run trial 0 with exactly seed N (the seed a failure printed) and stop there
 *       unless {@code netifkit.trials} is also given;</li>
 *   <li>{@code -Dnetifkit.trials=N} — trials per property (the property's own default otherwise);</li>
 *   <li>{@code -Dnetifkit.randomSeeds=true} — start from a fresh random seed instead of the property's fixed one
 *       (campaigns; CI runs are deterministic).</li>
 * </ul>
 *
 * @param baseSeed seed of trial 0
 * @param trials number of trials
 * @param replay true if the seed came from {@code netifkit.seed}
 */
public record PropertyConfig(long baseSeed, int trials, boolean replay) {
    /** System property naming the seed to replay. */
    public static final String SEED_PROPERTY = "netifkit.seed";
    /** System property naming the number of trials. */
    public static final String TRIALS_PROPERTY = "netifkit.trials";
    /** System property asking for random base seeds. */
    public static final String RANDOM_PROPERTY = "netifkit.randomSeeds";

    /**
     * The configuration of one property.
     *
     * @param propertyName the property's name (its fixed seed derives from it)
     * @param defaultTrials trials when none are asked for
     * @return the configuration
     * @throws IllegalArgumentException naming a malformed system property
     */
    public static PropertyConfig forProperty(String propertyName, int defaultTrials) {
        String seed = System.getProperty(SEED_PROPERTY);
        String trials = System.getProperty(TRIALS_PROPERTY);
        int n = trials == null ? defaultTrials : parseInt(TRIALS_PROPERTY, trials);
        if (seed != null) {
            return new PropertyConfig(parseLong(SEED_PROPERTY, seed), trials == null ? 1 : n, true);
        }
        long base = Boolean.getBoolean(RANDOM_PROPERTY)
                ? new java.util.SplittableRandom().nextLong()
                : mix(propertyName.hashCode());
        return new PropertyConfig(base, n, false);
    }

    /**
     * The seed of trial i: trial 0 uses the base seed itself, so printing a trial's seed is enough to replay it.
     *
     * @param trial the trial number
     * @return its seed
     */
    public long seedOf(int trial) {
        return trial == 0 ? baseSeed : mix(baseSeed + trial * 0x9E3779B97F4A7C15L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int parseInt(String name, String value) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + value + " is not a positive integer");
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + value + " is not a 64-bit integer seed");
        }
    }
}

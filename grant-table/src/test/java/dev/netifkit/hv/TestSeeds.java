package dev.netifkit.hv;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeds for property tests: {@code -Dnetifkit.seed=N} replays exactly seed N; otherwise {@code count} seeds derived
 * from a fixed base (so the default run is reproducible too).
 */
public final class TestSeeds {
    /** The system property that selects one seed to replay. */
    public static final String PROPERTY = "netifkit.seed";

    private TestSeeds() {
    }

    /** True when a single seed is being replayed. */
    public static boolean replaying() {
        return System.getProperty(PROPERTY) != null;
    }

    /** The replayed seed, or {@code count} seeds derived from {@code base}. */
    public static long[] seeds(long base, int count) {
        String s = System.getProperty(PROPERTY);
        if (s != null) {
            return new long[] {Long.decode(s.trim())};
        }
        SplittableRandom r = new SplittableRandom(base);
        return LongStream.generate(r::nextLong).limit(count).toArray();
    }

    /** How to replay {@code seed}. */
    public static String replayHint(long seed) {
        return "replay with -D" + PROPERTY + "=" + seed;
    }
}

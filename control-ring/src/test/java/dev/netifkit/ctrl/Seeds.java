package dev.netifkit.ctrl;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeds for property tests: a fixed list by default (the same run every time), or exactly the one given with
 * {@code -Dnetifkit.seed=N} to replay a failure.
 */
final class Seeds {
    static final String PROPERTY = "netifkit.seed";

    private Seeds() {
    }

    static long[] seeds(int count, long base) {
        String replay = System.getProperty(PROPERTY);
        if (replay != null && !replay.isBlank()) {
            return new long[] {Long.parseLong(replay.trim())};
        }
        SplittableRandom r = new SplittableRandom(base);
        return LongStream.generate(r::nextLong).limit(count).toArray();
    }

    static String replayHint(long seed) {
        return "seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + ")";
    }
}

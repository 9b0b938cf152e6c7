package dev.netifkit.netfront;

/**
 * Seeds of the property tests: {@code -Dnetifkit.seed=N} replays one run; otherwise a fixed default, so the default
 * build is reproducible.
 */
final class Seeds {
    static final String PROPERTY = "netifkit.seed";

    private Seeds() {
    }

    static long base() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank() ? 0x5EED_F00DL : Long.parseLong(v.trim());
    }

    static String replay(long seed) {
        return "seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + ")";
    }
}

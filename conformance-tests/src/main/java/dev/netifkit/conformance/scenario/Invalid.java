package dev.netifkit.conformance.scenario;

/** A problem found while parsing, before the file name is known to the code that found it. */
final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;

    Invalid(String path, String problem) {
        super(path + ": " + problem, null, false, false);
        this.path = path;
        this.problem = problem;
    }

    String path() {
        return path;
    }

    String problem() {
        return problem;
    }
}

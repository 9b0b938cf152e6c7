package dev.netifkit.conformance.scenario;

/**
 * A scenario file that cannot be read or does not follow {@code netif-scenario/1}. The message is
 * {@code FILE: JSON-PATH: problem}, e.g. {@code a.json: $.steps[3].tx[0].flgs: unknown key (expected gref, offset,
 * flags, id, size)}; the CLI prints it and exits 2.
 */
public final class ScenarioFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String jsonPath;
    private final String problem;

    /**
     * @param file the file as given
     * @param jsonPath where in the document ({@code $} for the whole file)
     * @param problem what is wrong
     */
    public ScenarioFileException(String file, String jsonPath, String problem) {
        this(file, jsonPath, problem, null);
    }

    /**
     * @param file the file as given
     * @param jsonPath where in the document ({@code $} for the whole file)
     * @param problem what is wrong
     * @param cause the I/O or parse error, or null
     */
    public ScenarioFileException(String file, String jsonPath, String problem, Throwable cause) {
        super(file + ": " + jsonPath + ": " + problem, cause);
        this.file = file;
        this.jsonPath = jsonPath;
        this.problem = problem;
    }

    /** @return the file as given */
    public String file() {
        return file;
    }

    /** @return the JSON path of the problem ({@code $} for the whole file) */
    public String jsonPath() {
        return jsonPath;
    }

    /** @return what is wrong */
    public String problem() {
        return problem;
    }
}

package dev.netifkit.conformance.vectors;

/**
 * A vector file that cannot be read or does not follow {@code netif-abi-vectors/1}: the message names the file,
 * the JSON path and what is wrong (the CLI exits 2 with it).
 */
public final class VectorFileException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the file, the JSON path and the problem
     */
    public VectorFileException(String message) {
        super(message);
    }

    /**
     * @param message the file and the problem
     * @param cause the I/O or parse error
     */
    public VectorFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.netifkit.cli;

/**
 * Input the command cannot use (a file of the wrong size, bad hex, an invalid vector file): the message says
 * what and which value, and the command exits with {@link CliCommand#BAD_INPUT}.
 */
public final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the input and the value
     */
    public InputException(String message) {
        super(message);
    }
}

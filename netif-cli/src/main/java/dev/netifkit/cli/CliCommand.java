package dev.netifkit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of the commands that do work: writes go to the command line's out/err writers (so tests capture them),
 * and an {@link InputException} becomes a one-line message on stderr and exit code {@link #BAD_INPUT}.
 */
public abstract class CliCommand implements Callable<Integer> {
    /** Exit code: the command did what was asked and found nothing wrong. */
    public static final int OK = 0;
    /** Exit code: the command ran, and what it checked did not hold (vector mismatches). */
    public static final int FAILED = 1;
    /** Exit code: bad usage, or input that cannot be read or is invalid (picocli's usage code too). */
    public static final int BAD_INPUT = 2;

    @Spec
    private CommandSpec spec;

    /** @return stdout of the command line */
    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** @return stderr of the command line */
    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** @return this command's spec */
    protected final CommandSpec spec() {
        return spec;
    }

    /**
     * Writes one error line, prefixed with the command's qualified name (e.g. {@code netif decode: ...}).
     *
     * @param message what is wrong
     */
    protected final void error(String message) {
        err().println(spec.qualifiedName() + ": " + message);
        err().flush();
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } catch (InputException e) {
            error(e.getMessage());
            return BAD_INPUT;
        } finally {
            out().flush();
            err().flush();
        }
    }

    /**
     * Does the command's work.
     *
     * @return the exit code
     * @throws InputException for input that cannot be read or is invalid (exit code 2)
     * @throws Exception anything unexpected (picocli reports it, exit code 1)
     */
    protected abstract int execute() throws Exception;
}

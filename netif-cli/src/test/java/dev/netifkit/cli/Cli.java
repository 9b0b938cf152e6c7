package dev.netifkit.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the command line in-process with captured stdout and stderr, as main() would minus the exit. */
final class Cli {
    private Cli() {
    }

    /**
     * The outcome of one run.
     *
     * @param exit the exit code
     * @param out what went to stdout
     * @param err what went to stderr
     */
    record Result(int exit, String out, String err) {
        /** @return stdout's lines */
        List<String> lines() {
            return out.lines().toList();
        }

        /** @return stdout's last line */
        String lastLine() {
            List<String> l = lines();
            return l.isEmpty() ? "" : l.get(l.size() - 1);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs {@code netif args...}.
     *
     * @param args the arguments
     * @return exit code and output
     */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new NetifCli());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}

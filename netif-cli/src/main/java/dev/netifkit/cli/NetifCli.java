package dev.netifkit.cli;

import dev.netifkit.cli.decode.DecodeCommand;
import dev.netifkit.cli.vectors.VectorsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code netif} command: entry point of the runnable jar and the one place where top-level commands are
 * registered (the {@code subcommands} list below).
 *
 * <p>Tests drive it as {@code new CommandLine(new NetifCli()).execute(args)} with their own out/err writers;
 * only {@link #main(String[])} exits the JVM.
 */
@Command(name = "netif",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Tools for the Xen paravirtual network protocol (netif) with staging grants: in-process frontend/backend simulation, scenario conformance runs, ABI vectors and ring-page decoding.",
        subcommands = {
                // Top-level commands, registered here and nowhere else.
                VectorsCommand.class,
                DecodeCommand.class,
                ScenarioCommand.class,
                SimulateCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:verification found mismatches",
                "2:bad usage, unreadable or invalid input"})
public final class NetifCli implements Runnable {

    @Spec
    private CommandSpec spec;

    /**
     * {@code -v/--verbose}: raises the netifkit loggers to DEBUG (on stderr). Inherited by every subcommand so
     * it may follow the command name too.
     *
     * @param verbose whether the flag was given
     */
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log netifkit's DEBUG messages to stderr (default: warnings only).")
    void verbose(boolean verbose) {
        if (verbose) {
            Verbosity.debug();
        }
    }

    /** Without a subcommand, {@code netif} is a usage error that lists the commands. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new NetifCli()).execute(args));
    }
}

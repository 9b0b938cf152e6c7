package dev.netifkit.cli;

import dev.netifkit.conformance.scenario.ScenarioCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code netif scenario}: the group of commands on {@code netif-scenario/1} files; {@code netif scenario run} runs
 * them against a backend (the work is {@link ScenarioCli}'s, this class only maps the command line onto it).
 */
@Command(name = "scenario",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Commands on netif-scenario/1 files: scripted-frontend checks of a backend, clause by clause.",
        subcommands = {ScenarioCommand.Run.class})
public final class ScenarioCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** A group alone is a usage error that lists its commands. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** {@code netif scenario run PATH... [--backend CLASS] [--json FILE|-] [--details]}. */
    @Command(name = "run",
            mixinStandardHelpOptions = true,
            versionProvider = VersionProvider.class,
            description = {
                "Run netif-scenario/1 files against a backend: a scripted frontend writes raw slots into the real "
                    + "rings through the emulated hypervisor, then each step's expectations and the invariants "
                    + "(no write outside grants, no exception, no leaked mapping) are checked.",
                "",
                "Prints 'PASS name' or 'FAIL name: what differed' per scenario and a final line "
                    + "'N passed, M failed'. Every file is validated before it runs; an invalid file is named on "
                    + "stderr with the JSON path and the problem.",
                ""},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:every scenario passed",
                "1:some scenario failed",
                "2:a file is unreadable or invalid, or --backend cannot be loaded"})
    public static final class Run extends CliCommand {

        @Parameters(paramLabel = "PATH", arity = "1..*",
                description = "Scenario files, or folders searched recursively for *.json (sorted).")
        private List<String> paths = new ArrayList<>();

        @Option(names = "--backend", paramLabel = "CLASS",
                description = "A dev.netifkit.conformance.spi.BackendFactory with a public no-argument constructor, "
                        + "from the classpath (default: the reference netback).")
        private String backend;

        @Option(names = "--json", paramLabel = "FILE|-",
                description = "Also write a JSON report (per scenario: name, file, clauses, result, differences) to "
                        + "FILE, or to stdout instead of the text lines with '-'.")
        private String json;

        @Option(names = "--details", description = "Print every difference of a failed scenario on its own line.")
        private boolean details;

        @Override
        protected int execute() {
            return ScenarioCli.run(paths, backend, json, details, out(), err());
        }
    }
}

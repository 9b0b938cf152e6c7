package dev.netifkit.cli.vectors;

import dev.netifkit.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code netif vectors}: the group of commands on ABI vector files. */
@Command(name = "vectors",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Commands on netif-abi-vectors/1 files (golden cases produced by the Xen C headers).",
        subcommands = {VerifyCommand.class})
public final class VectorsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** A group alone is a usage error that lists its commands. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}

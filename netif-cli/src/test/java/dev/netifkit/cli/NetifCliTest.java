package dev.netifkit.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command tree: help and version everywhere, usage errors exit 2. */
class NetifCliTest {

    /** Every command path, found from the tree itself so commands added later are covered too. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new NetifCli()), new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine cmd, List<String> prefix, List<List<String>> into) {
        into.add(List.copyOf(prefix));
        cmd.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(prefix);
            p.add(name);
            collect(sub, p, into);
        });
    }

    @TestFactory
    Stream<DynamicTest> helpAndVersionOnEveryCommandExitZero() {
        return commandPaths().stream().flatMap(path -> Stream.of("--help", "--version").map(flag ->
                DynamicTest.dynamicTest("netif " + String.join(" ", path) + " " + flag, () -> {
                    List<String> args = new ArrayList<>(path);
                    args.add(flag);
                    Cli.Result r = Cli.run(args.toArray(String[]::new));
                    assertEquals(0, r.exit(), r.toString());
                    if (flag.equals("--help")) {
                        assertTrue(r.out().startsWith("Usage: netif"), r.toString());
                    } else {
                        assertTrue(r.out().startsWith("netif ") && !r.out().contains("unknown"), r.toString());
                    }
                })));
    }

    @Test
    void commandTreeHoldsVectorsVerifyAndDecode() {
        List<List<String>> paths = commandPaths();
        assertTrue(paths.contains(List.of("vectors", "verify")), paths.toString());
        assertTrue(paths.contains(List.of("decode")), paths.toString());
    }

    @Test
    void versionIsTheFilteredMavenVersion() {
        Cli.Result r = Cli.run("--version");
        assertTrue(r.out().lines().findFirst().orElseThrow().matches("netif \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                r.toString());
    }

    @Test
    void noSubcommandIsAUsageError() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("Missing required subcommand") && r.err().contains("vectors"), r.toString());
    }

    @Test
    void vectorsGroupAloneIsAUsageError() {
        Cli.Result r = Cli.run("vectors");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("verify"), r.toString());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Result r = Cli.run("decode", "--frobnicate");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--frobnicate"), r.toString());
    }

    @Test
    void verboseRaisesNetifkitLoggersToDebugBeforeOrAfterTheCommand() {
        ch.qos.logback.classic.Logger netifkit = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                Verbosity.NETIFKIT_LOGGERS);
        try {
            assertEquals(0, Cli.run("decode", "--struct", "netif_tx_response", "0100ffff").exit());
            assertFalse(netifkit.isDebugEnabled());
            assertEquals(0, Cli.run("-v", "decode", "--struct", "netif_tx_response", "0100ffff").exit());
            assertTrue(netifkit.isDebugEnabled());
            netifkit.setLevel(null);
            assertEquals(0, Cli.run("decode", "--verbose", "--struct", "netif_tx_response", "0100ffff").exit());
            assertTrue(netifkit.isDebugEnabled());
        } finally {
            netifkit.setLevel(null);
        }
    }
}

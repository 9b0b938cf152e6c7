package dev.netifkit.cli.vectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.netifkit.cli.CliCommand;
import dev.netifkit.cli.VersionProvider;
import dev.netifkit.conformance.vectors.VectorFile;
import dev.netifkit.conformance.vectors.VectorFileException;
import dev.netifkit.conformance.vectors.VectorParser;
import dev.netifkit.conformance.vectors.VectorReport;
import dev.netifkit.conformance.vectors.VectorVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code netif vectors verify FILE...}: checks every case of each {@code netif-abi-vectors/1} file against the
 * project's code (struct cases in both directions, ring sizes and predicates, notify and final checks, whole ring
 * pages, Toeplitz and packet hashes), with the bundled public file when no file is named.
 *
 * <p>Exit code 0 when every case passes, 1 when any fails, 2 when any file is unreadable or invalid (2 wins).
 */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Verify every case of netif-abi-vectors/1 files against netifkit's codecs and ring code.",
            "",
            "Struct cases are checked both ways (encode the fields, decode the hex); ring sizes, ring predicates, "
                + "notify and final checks, whole ring pages, Toeplitz and packet hashes through the ring and hash "
                + "code. Prints per-kind counts, each mismatch with its case, and a final line "
                + "'N passed, M failed'. Without FILE, verifies the copy of the public vectors bundled in this "
                + "build.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every case passed",
            "1:some case failed",
            "2:a file is unreadable or not a valid netif-abi-vectors/1 file (named on stderr)"})
public final class VerifyCommand extends CliCommand {
    private static final Logger LOG = LoggerFactory.getLogger(VerifyCommand.class);

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Vector files to verify (default: the bundled public file).")
    private List<Path> files = new ArrayList<>();

    @Option(names = "--json", description = "Print a machine-readable JSON report instead of text.")
    private boolean json;

    @Override
    protected int execute() throws Exception {
        List<FileOutcome> outcomes = new ArrayList<>();
        if (files.isEmpty()) {
            try (BundledVectors bundled = BundledVectors.open()) {
                outcomes.add(verify(bundled.path(), bundled.path().getFileName() + " (bundled public vectors)"));
            }
        } else {
            for (Path file : files) {
                outcomes.add(verify(file, file.toString()));
            }
        }
        int passed = 0;
        int failed = 0;
        boolean invalid = false;
        for (FileOutcome o : outcomes) {
            if (o.error() != null) {
                invalid = true;
                error(o.error());
            } else {
                passed += o.report().passed();
                failed += o.report().failed();
            }
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out().println(mapper.writeValueAsString(VerifyJson.report(mapper, outcomes, passed, failed)));
        } else {
            for (FileOutcome o : outcomes) {
                printText(o);
            }
            out().println(passed + " passed, " + failed + " failed");
        }
        return invalid ? BAD_INPUT : failed > 0 ? FAILED : OK;
    }

    private FileOutcome verify(Path file, String label) {
        VectorFile parsed;
        try {
            parsed = VectorParser.read(file);
        } catch (VectorFileException e) {
            return new FileOutcome(label, 0, null, e.getMessage());
        }
        VectorReport report = VectorVerifier.verify(parsed);
        LOG.debug("{}: {} cases, {} passed, {} failed", label, parsed.size(), report.passed(), report.failed());
        return new FileOutcome(label, parsed.size(), report, null);
    }

    private void printText(FileOutcome o) {
        if (o.error() != null) {
            out().println("== " + o.label() + ": not verified (invalid file, see stderr)");
            return;
        }
        out().println("== " + o.label() + ": " + o.cases() + " cases");
        int width = 0;
        for (String kind : o.report().perKind().keySet()) {
            width = Math.max(width, kind.length());
        }
        int digits = Integer.toString(o.cases()).length();
        for (var e : o.report().perKind().entrySet()) {
            out().printf("%-" + width + "s  %" + digits + "d passed, %d failed%n", e.getKey(), e.getValue().passed(),
                    e.getValue().failed());
        }
        for (VectorReport.Failure f : o.report().failures()) {
            out().println("FAIL case " + f.index() + " (" + f.kind() + "): " + f.difference());
            out().println("     " + f.json());
        }
    }

    /**
     * What verifying one file gave.
     *
     * @param label how the file is named in the output
     * @param cases number of cases (0 when invalid)
     * @param report the verifier's report, null when invalid
     * @param error the parser's message (file, JSON path, problem), null when valid
     */
    record FileOutcome(String label, int cases, VectorReport report, String error) {
    }
}

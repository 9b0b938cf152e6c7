package dev.netifkit.cli.vectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netifkit.conformance.vectors.VectorReport;

import java.util.List;

/** The {@code --json} report of {@code vectors verify}. */
final class VerifyJson {
    private VerifyJson() {
    }

    /**
     * Builds the report.
     *
     * <pre>
     * {"files": [{"file", "cases", "passed", "failed", "kinds": {kind: {"passed", "failed"}},
     *             "failures": [{"index", "kind", "difference", "case": {...}}]}
     *            | {"file", "error"}],
     *  "passed": N, "failed": M}
     * </pre>
     *
     * @param mapper the mapper (parses each failing case's JSON back into a tree)
     * @param outcomes one per file
     * @param passed cases passed over all valid files
     * @param failed cases failed over all valid files
     * @return the document
     * @throws JsonProcessingException never for a case the parser accepted
     */
    static ObjectNode report(ObjectMapper mapper, List<VerifyCommand.FileOutcome> outcomes, int passed, int failed)
            throws JsonProcessingException {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode filesNode = root.putArray("files");
        for (VerifyCommand.FileOutcome o : outcomes) {
            ObjectNode f = filesNode.addObject();
            f.put("file", o.label());
            if (o.error() != null) {
                f.put("error", o.error());
                continue;
            }
            VectorReport r = o.report();
            f.put("cases", o.cases());
            f.put("passed", r.passed());
            f.put("failed", r.failed());
            ObjectNode kinds = f.putObject("kinds");
            r.perKind().forEach((kind, counts) -> {
                ObjectNode k = kinds.putObject(kind);
                k.put("passed", counts.passed());
                k.put("failed", counts.failed());
            });
            ArrayNode failures = f.putArray("failures");
            for (VectorReport.Failure failure : r.failures()) {
                ObjectNode x = failures.addObject();
                x.put("index", failure.index());
                x.put("kind", failure.kind());
                x.put("difference", failure.difference());
                x.set("case", mapper.readTree(failure.json()));
            }
        }
        root.put("passed", passed);
        root.put("failed", failed);
        return root;
    }
}

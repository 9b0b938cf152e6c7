package dev.netifkit.conformance.vectors;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public golden C-ABI vectors: every case of every kind must pass. */
class PublicVectorsTest {

    static Path publicVectors() throws URISyntaxException {
        return Path.of(PublicVectorsTest.class.getResource("/vectors/netif-abi-vectors.json").toURI());
    }

    @Test
    void everyPublicVectorPasses() throws Exception {
        VectorFile file = VectorParser.read(publicVectors());
        VectorReport report = VectorVerifier.verify(file);
        StringBuilder failures = new StringBuilder();
        report.failures().stream().limit(20).forEach(f -> failures.append("\n  case ").append(f.index())
                .append(" (").append(f.kind()).append("): ").append(f.difference()));
        assertEquals(0, report.failed(), "failing vectors:" + failures);
        assertEquals(file.size(), report.passed());
        assertEquals(3351, report.passed(), "the public file has 3351 cases");
        assertTrue(report.perKind().keySet().containsAll(Set.of("netif_tx_request", "netif_tx_response",
                "netif_rx_request", "netif_rx_response", "netif_extra_info", "xen_netif_ctrl_request",
                "xen_netif_ctrl_response", "xen_netif_gref", "grant_entry_v1", "ring_size", "ring_arith",
                "push_notify", "final_check", "sring", "toeplitz", "packet_hash")), report.perKind().toString());
    }

    @Test
    void aCorruptedVectorIsReportedWithWhatDiffered() throws Exception {
        VectorFile file = VectorParser.read(publicVectors());
        VectorCase first = file.cases().stream().filter(c -> c instanceof VectorCase.Struct).findFirst().orElseThrow();
        VectorCase.Struct s = (VectorCase.Struct) first;
        byte[] corrupt = s.hex().clone();
        corrupt[0] ^= 1;
        VectorReport report = VectorVerifier.verify(new VectorFile("corrupt",
                java.util.List.of(new VectorCase.Struct(0, s.json(), s.struct(), s.fields(), corrupt))));
        assertEquals(1, report.failed());
        assertTrue(report.failures().get(0).difference().startsWith("encode"), report.failures().get(0).difference());
    }
}

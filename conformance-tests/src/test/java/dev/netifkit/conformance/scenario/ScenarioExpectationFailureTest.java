package dev.netifkit.conformance.scenario;

import dev.netifkit.conformance.spi.ReferenceBackendFactory;
import org.junit.jupiter.api.Test;

import static dev.netifkit.conformance.scenario.Scenarios.assertFails;
import static dev.netifkit.conformance.scenario.Scenarios.hexSeq;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A scenario that expects the wrong thing must FAIL, and say where, which key, what was expected and what happened
 * — one test per expectation key.
 */
class ScenarioExpectationFailureTest {
    private static final String TX_PAGE = "\"grants\": [{\"gref\": 8, \"pattern\": \"seq\", \"readonly\": true}], ";
    private static final String ONE_TX = TX_PAGE + "\"steps\": [{\"tx\": [{\"gref\": 8, \"id\": 5, \"size\": 60}]}], ";

    @Test
    void txResponses_wrongStatus() {
        assertFails(ONE_TX + "\"expect\": {\"tx_responses\": [{\"id\": 5, \"status\": \"ERROR\"}]}",
                "end: tx_responses: expected [{id 5, ERROR}], actual [{id 5, OKAY}] (missing [{id 5, ERROR}];"
                        + " unexpected [{id 5, OKAY}])");
    }

    @Test
    void txResponses_missingAndNegative() {
        assertFails(ONE_TX + "\"expect\": {\"tx_responses\": [{\"id\": 5, \"status\": 0}, {\"id\": 6, \"status\":"
                        + " \"negative\"}]}",
                "end: tx_responses: expected [{id 5, OKAY}, {id 6, negative}], actual [{id 5, OKAY}] (missing"
                        + " [{id 6, negative}])");
    }

    @Test
    void txResponses_orderedShowsTheFirstDifference() {
        assertFails(TX_PAGE + """
                "steps": [{"tx": [{"gref": 8, "id": 1, "size": 60}, {"gref": 8, "id": 2, "size": 60}],
                           "expect": {"tx_responses": [{"id": 2, "status": "OKAY"}, {"id": 1, "status": "OKAY"}],
                                      "ordered": true}}]
                """, "step 0 (tx): tx_responses (ordered): response 0: expected {id 2, OKAY}, actual {id 1, OKAY}"
                + " (expected [{id 2, OKAY}, {id 1, OKAY}], actual [{id 1, OKAY}, {id 2, OKAY}])");
    }

    @Test
    void txRspProd_wrong() {
        assertFails(ONE_TX + "\"expect\": {\"tx_rsp_prod\": 2}", "end: tx_rsp_prod: expected 2, actual 1");
    }

    @Test
    void transmitted_dataDiffers() {
        assertFails(ONE_TX + "\"expect\": {\"transmitted\": [{\"data\": \"000102ff\"}]}",
                "end: transmitted: packet 0: data differs: byte 3 expected ff, actual 03 (expected 4 bytes 000102ff,"
                        + " actual 60 bytes " + hexSeq(0, 24) + "…)");
    }

    @Test
    void transmitted_lengthAndCount() {
        assertFails(ONE_TX + "\"expect\": [{\"transmitted\": []}]",
                "end: transmitted: expected 0 packet(s), actual 1: unexpected packet 0 TransmittedPacket[60 bytes "
                        + hexSeq(0, 60) + "]");
        assertFails(ONE_TX + "\"expect\": {\"transmitted\": [{\"length\": 61, \"pattern\": \"seq\"}]}",
                "end: transmitted: packet 0: data differs: length expected 61, actual 60 (expected 61 bytes "
                        + hexSeq(0, 24) + "…, actual 60 bytes " + hexSeq(0, 24) + "…)");
    }

    @Test
    void transmitted_flagsAndGso() {
        assertFails(ONE_TX + "\"expect\": {\"transmitted\": [{\"length\": 60, \"pattern\": \"seq\", \"csum_blank\":"
                + " true}]}", "end: transmitted: packet 0: csum_blank expected true, actual false");
        assertFails(ONE_TX + "\"expect\": {\"transmitted\": [{\"length\": 60, \"pattern\": \"seq\", \"gso\": {\"type\":"
                + " \"tcpv6\", \"size\": 1000}}]}", "end: transmitted: packet 0: gso expected {type tcpv6, size 1000},"
                + " actual none");
        assertFails(ONE_TX + "\"expect\": {\"transmitted\": [{\"length\": 60, \"pattern\": \"seq\", \"hash\": {\"type\":"
                + " 1, \"value\": 7}}]}", "end: transmitted: packet 0: hash expected {type 1, value 7}, actual none");
    }

    @Test
    void rxResponses_wrongStatusAndMissingSlot() {
        String rx = """
                "grants": [{"gref": 40, "data": ""}],
                "steps": [{"rx": [{"id": 3, "gref": 40}]}, {"guest_rx": [{"length": 200, "pattern": "seq"}]}],
                """;
        assertFails(rx + "\"expect\": {\"rx_responses\": [{\"id\": 3, \"offset\": 0, \"flags\": [], \"status\": 199}]}",
                "end: rx_responses: slot 0 (ring index 0): expected {id 3, offset 0, flags -, status 199}, actual"
                        + " {id 3, offset 0, flags -, status 200} (expected 1 slot(s) [{id 3, offset 0, flags -, status"
                        + " 199}], actual 1 [{id 3, offset 0, flags -, status 200}])");
        assertFails(rx + "\"expect\": {\"rx_responses\": [{\"id\": 3, \"status\": 200},"
                        + " {\"extra\": {\"type\": \"gso\", \"size\": 1, \"gso_type\": 1}}]}",
                "end: rx_responses: slot 1 (ring index 1): expected {extra GsoExtra[flags=0, size=1, type=TCPV4,"
                        + " pad=0, features=0]}, actual no more slots (expected 2 slot(s) [{id 3, offset *, flags *,"
                        + " status 200}, {extra GsoExtra[flags=0, size=1, type=TCPV4, pad=0, features=0]}], actual 1"
                        + " [{id 3, offset 0, flags -, status 200}])");
        assertFails(rx + "\"expect\": {\"rx_responses_count\": 2, \"rx_rsp_prod\": 0}",
                "end: rx_rsp_prod: expected 0, actual 1", "end: rx_responses_count: expected 2, actual 1");
    }

    @Test
    void guestPages_byteDiffers() {
        assertFails("""
                "grants": [{"gref": 40, "data": ""}],
                "steps": [{"rx": [{"id": 3, "gref": 40}]}, {"guest_rx": [{"length": 200, "pattern": "seq"}]}],
                "expect": {"guest_pages": [{"gref": 40, "at": 198, "data": "c6c7c8"}]}
                """, "end: guest_pages: gref 40 at 198: byte 200 expected c8, actual 00 (expected 3 bytes c6c7c8,"
                + " actual 3 bytes c6c700)");
    }

    @Test
    void ctrlResponses_wrongStatus() {
        assertFails("""
                "frontend": {"ctrl_ring": true},
                "steps": [{"ctrl": [{"id": 1, "type": "GET_HASH_FLAGS"}],
                           "expect": {"ctrl_responses": [{"id": 1, "type": 1, "status": "SUCCESS", "data": 15}],
                                      "ctrl_rsp_prod": 2}}]
                """, "step 0 (ctrl): ctrl_rsp_prod: expected 2, actual 1",
                "step 0 (ctrl): ctrl_responses: expected [{id 1, GET_HASH_FLAGS, SUCCESS, data 15}], actual [{id 1,"
                        + " GET_HASH_FLAGS, NOT_SUPPORTED, data 0}] (missing [{id 1, GET_HASH_FLAGS, SUCCESS, data 15}];"
                        + " unexpected [{id 1, GET_HASH_FLAGS, NOT_SUPPORTED, data 0}])");
    }

    @Test
    void grefListStatus_wrong() {
        assertFails("""
                "backend": {"mode": "staging"},
                "frontend": {"ctrl_ring": true},
                "grants": [{"gref": 21, "data": ""}],
                "steps": [{"gref_list": {"gref": 21, "entries": [{"ref": 9}]}},
                          {"ctrl": [{"id": 2, "type": "DEL_GREF_MAPPING", "data": [0, 21, 1]}],
                           "expect": {"gref_list_status": {"gref": 21, "status": ["SUCCESS"]}}}]
                """, "step 1 (ctrl): gref_list_status: gref 21: entry 0 status expected 0 (SUCCESS), actual 2"
                + " (INVALID_PARAMETER) (expected [0], actual [2])");
    }

    @Test
    void device_andFatalClause() {
        assertFails(ONE_TX + "\"expect\": {\"device\": \"fatal\", \"fatal_clause\": \"BK-6\"}",
                "end: device: expected fatal, actual connected",
                "end: fatal_clause: expected BK-6, actual none (device connected)");
        ScenarioResult r = Scenarios.assertFailsWith(new ReferenceBackendFactory(), TX_PAGE + """
                "steps": [{"tx": [{"gref": 8, "flags": ["more_data"], "id": 1, "size": 100}]}],
                "expect": {"device": "fatal", "fatal_clause": "BK-4"}
                """, "end: fatal_clause: expected BK-4, actual BK-3 (device fatal (BK-3: "); // the reason is the backend's
        assertEquals(1, r.differences().size(), () -> r.differences().toString());
    }

    @Test
    void counters_wrong() {
        assertFails(ONE_TX + "\"expect\": {\"counters\": {\"grant_copy_ops\": 0, \"grant_maps\": {\"at_least\": 1}}}",
                "end: counters: grant_copy_ops expected 0, actual 1; grant_maps expected at least 1, actual 0");
    }

    @Test
    void stepExpectationsNameTheStep_andEveryFailureIsReported() {
        assertFails(TX_PAGE + """
                "steps": [{"tx": [{"gref": 8, "id": 1, "size": 60}], "expect": {"tx_rsp_prod": 1}},
                          {"tx": [{"gref": 8, "id": 2, "size": 60}], "expect": {"tx_rsp_prod": 5}}],
                "expect": {"tx_rsp_prod": 6}
                """, "step 1 (tx): tx_rsp_prod: expected 5, actual 2", "end: tx_rsp_prod: expected 6, actual 2");
    }
}

package dev.netifkit.conformance.scenario;

import org.junit.jupiter.api.Test;

import static dev.netifkit.conformance.scenario.Scenarios.assertFails;
import static dev.netifkit.conformance.scenario.Scenarios.assertPasses;
import static dev.netifkit.conformance.scenario.Scenarios.hexSeq;

/**
 * Every action of SCENARIOS.md against the reference backend, each with expectations that pass — and, where an
 * action could silently do nothing, a twin whose expectation only holds if the action took effect.
 */
class ScenarioActionsTest {
    private static final String TX_PAGE = "\"grants\": [{\"gref\": 8, \"pattern\": \"seq\", \"readonly\": true}], ";

    @Test
    void tx1_txWithNamedFlagsAndGsoExtra() {
        assertPasses(TX_PAGE + """
                "steps": [{"tx": [{"gref": 8, "offset": 0, "flags": ["extra_info"], "id": 1, "size": 100},
                                  {"extra": {"type": "gso", "size": 1448, "gso_type": "tcpv4"}}],
                           "expect": {"tx_responses": [{"id": 1, "status": "OKAY"}, {"id": 77, "status": "NULL"}],
                                      "tx_rsp_prod": 2,
                                      "transmitted": [{"length": 100, "pattern": "seq",
                                                       "gso": {"type": "tcpv4", "size": 1448}}]}}]
                """);
    }

    @Test
    void tx7_hashExtraReachesTheNetworkSide() {
        assertPasses(TX_PAGE + """
                "steps": [{"tx": [{"gref": 8, "flags": ["extra_info"], "id": 1, "size": 60},
                                  {"extra": {"type": "hash", "hash_type": 1, "algorithm": 1, "value": 4294967295}}],
                           "expect": {"tx_responses": [{"id": 1, "status": "OKAY"}, {"status": "NULL"}],
                                      "transmitted": [{"length": 60, "pattern": "seq", "gso": null,
                                                       "hash": {"type": "hash", "hash_type": "ipv4_tcp",
                                                                "algorithm": "toeplitz", "value": 4294967295}}]}}]
                """);
    }

    @Test
    void tx8_mcastExtrasAreAControlRequest() {
        assertPasses(TX_PAGE + """
                "steps": [{"tx": [{"gref": 8, "flags": 8, "id": 1, "size": 60},
                                  {"extra": {"type": "mcast_add", "addr": "01:00:5e:00:00:01", "more": true}},
                                  {"extra": {"type": 3, "raw": "01005e000002"}}],
                           "expect": {"tx_responses": [{"id": 1, "status": "OKAY"}, {"status": "NULL"},
                                                       {"status": 1}],
                                      "transmitted": []}}]
                """);
    }

    @Test
    void ring5_pushFalseWritesWithoutPublishing_setReqProdPublishes() {
        assertPasses(TX_PAGE + """
                "steps": [{"tx": [{"gref": 8, "id": 2, "size": 60}], "push": false,
                           "expect": {"tx_responses": [], "tx_rsp_prod": 0, "transmitted": []}},
                          {"set_req_prod": {"ring": "tx", "value": 1},
                           "expect": {"tx_responses": [{"id": 2, "status": "OKAY"}],
                                      "transmitted": [{"length": 60, "pattern": "seq"}]}}]
                """);
    }

    @Test
    void ring8_writeSlotOverwritesBeforePublishing() {
        assertPasses(TX_PAGE + """
                "steps": [{"tx": [{"gref": 8, "id": 3, "size": 60}], "push": false},
                          {"write_slot": {"ring": "tx", "index": 0, "slot": {"gref": 8, "offset": 4, "id": 4, "size": 20}}},
                          {"set_req_prod": {"ring": "tx", "value": 1},
                           "expect": {"tx_responses": [{"id": 4, "status": "OKAY"}],
                                      "transmitted": [{"data": "%s"}]}}]
                """.formatted(hexSeq(4, 20)));
    }

    @Test
    void rx2_rxAndGuestRx_fillPostedPage() {
        assertPasses("""
                "grants": [{"gref": 40, "data": ""}],
                "steps": [{"rx": [{"id": 3, "gref": 40}], "expect": {"rx_responses_count": 0, "rx_rsp_prod": 0}},
                          {"guest_rx": [{"length": 200, "pattern": "seq", "csum": "partial"}],
                           "expect": {"rx_responses": [{"id": 3, "offset": 0, "flags": ["csum_blank", "data_validated"],
                                                        "status": 200}],
                                      "rx_rsp_prod": 1,
                                      "guest_pages": [{"gref": 40, "at": 190, "data": "%s"}]}}],
                "expect": {"rx_responses_count": 1}
                """.formatted(hexSeq(190, 10)));
    }

    @Test
    void rx3_gsoPacketGetsExtraSlot() {
        assertPasses("""
                "grants": [{"gref": 40, "data": ""}, {"gref": 41, "data": ""}],
                "steps": [{"rx": [{"id": 1, "gref": 40}, {"id": 2, "gref": 41}]},
                          {"guest_rx": [{"length": 3000, "pattern": "seq", "csum": "partial",
                                         "gso": {"type": "tcpv4", "size": 1000}}],
                           "expect": {"rx_responses": [
                               {"id": 1, "offset": 0, "flags": ["csum_blank", "data_validated", "extra_info"],
                                "status": 3000},
                               {"extra": {"type": "gso", "size": 1000, "gso_type": "tcpv4"}}]}}]
                """);
    }

    @Test
    void rx1_guestRxOnAChosenQueue() {
        assertPasses("""
                "frontend": {"queues": 2},
                "grants": [{"gref": 40, "data": ""}],
                "steps": [{"rx": [{"id": 9, "gref": 40}], "queue": 1},
                          {"guest_rx": [{"data": "ffffffffffff0200000000010800"}], "queue": 1,
                           "expect": [{"queue": 1, "rx_responses": [{"id": 9, "flags": [], "status": 14}]},
                                      {"queue": 0, "rx_responses_count": 0}]}]
                """);
    }

    @Test
    void ctrl2_ctrlRequestsAndResponses() {
        assertPasses("""
                "frontend": {"ctrl_ring": true},
                "steps": [{"ctrl": [{"id": 1, "type": "SET_HASH_ALGORITHM", "data": [1]},
                                    {"id": 2, "type": 1, "data": [0, 0, 0]}],
                           "expect": {"ctrl_responses": [{"id": 2, "type": "GET_HASH_FLAGS", "status": "SUCCESS",
                                                          "data": 15},
                                                         {"id": 1, "type": 7, "status": 0, "data": 0}],
                                      "ctrl_rsp_prod": 2}},
                          {"ctrl": [{"id": 3, "type": 200}],
                           "expect": {"ctrl_responses": [{"id": 3, "status": "NOT_SUPPORTED"}]}}]
                """);
    }

    @Test
    void sg4_grefListAddThenDelWritesStatuses() {
        assertPasses("""
                "backend": {"mode": "staging"},
                "frontend": {"ctrl_ring": true},
                "grants": [{"gref": 8, "pattern": "seq", "readonly": true}, {"gref": 20, "data": ""},
                           {"gref": 21, "data": ""}],
                "steps": [{"gref_list": {"gref": 20, "entries": [{"ref": 8, "flags": ["readonly"]}]}},
                          {"ctrl": [{"id": 1, "type": "ADD_GREF_MAPPING", "data": [0, 20, 1]}],
                           "expect": {"ctrl_responses": [{"id": 1, "status": "SUCCESS", "data": 0}]}},
                          {"gref_list": {"gref": 21, "entries": [{"ref": 8, "status": 65535},
                                                                  {"ref": 9, "status": 65535}]}},
                          {"ctrl": [{"id": 2, "type": "DEL_GREF_MAPPING", "data": [0, 21, 2]}],
                           "expect": {"ctrl_responses": [{"id": 2, "type": "DEL_GREF_MAPPING", "status": "SUCCESS",
                                                          "data": 1}],
                                      "gref_list_status": {"gref": 21, "status": ["SUCCESS", 2]}}}]
                """);
    }

    @Test
    void bk15_advanceMsPastTheDrainTimeoutDropsQueuedPackets() {
        String steps = """
                "grants": [{"gref": 40, "data": ""}],
                "steps": [{"guest_rx": [{"length": 100, "pattern": "seq"}]},
                          {"advance_ms": %d},
                          {"rx": [{"id": 1, "gref": 40}], "expect": {"rx_responses_count": %d}}]
                """;
        assertPasses(steps.formatted(10_001, 0));
        assertPasses(steps.formatted(1, 1));
    }

    @Test
    void xb3_reconnectStartsOverWithFreshRings() {
        assertPasses(TX_PAGE + """
                "frontend": {"tx_start": 7},
                "steps": [{"tx": [{"gref": 8, "id": 1, "size": 60}],
                           "expect": {"tx_responses": [{"id": 1, "status": "OKAY"}], "tx_rsp_prod": 8}},
                          {"reconnect": true, "expect": {"device": "connected", "tx_rsp_prod": 7, "tx_responses": []}},
                          {"tx": [{"gref": 8, "id": 2, "size": 60}],
                           "expect": {"tx_responses": [{"id": 2, "status": "OKAY"}], "tx_rsp_prod": 8}}]
                """);
    }

    @Test
    void ring3_indicesWrapThrough2pow32() {
        assertPasses(TX_PAGE + """
                "frontend": {"tx_start": 4294967295},
                "steps": [{"tx": [{"gref": 8, "id": 1, "size": 60}, {"gref": 8, "id": 2, "size": 60}],
                           "expect": {"tx_responses": [{"id": 1, "status": "OKAY"}, {"id": 2, "status": "OKAY"}],
                                      "ordered": true, "tx_rsp_prod": 1}}]
                """);
    }

    @Test
    void sinceTheLastCheck_isPerKey() {
        assertPasses(TX_PAGE + """
                "steps": [{"tx": [{"gref": 8, "id": 1, "size": 60}]},
                          {"tx": [{"gref": 8, "id": 2, "size": 60}],
                           "expect": {"tx_responses": [{"id": 1, "status": "OKAY"}, {"id": 2, "status": "OKAY"}]}},
                          {"tx": [{"gref": 8, "id": 3, "size": 60}],
                           "expect": [{"tx_responses": [{"id": 3, "status": "OKAY"}]},
                                      {"transmitted": [{"length": 60, "pattern": "seq"}, {"length": 60, "pattern": "seq"},
                                                       {"length": 60, "pattern": "seq"}]}]}],
                "expect": {"tx_responses": [], "transmitted": []}
                """);
    }

    @Test
    void gnt3_ungrantedGrefGivesANegativeStatus() {
        assertPasses("""
                "steps": [{"tx": [{"gref": 99, "id": 5, "size": 60}],
                           "expect": {"tx_responses": [{"id": 5, "status": "negative"}], "transmitted": [],
                                      "device": "connected"}}]
                """);
    }

    @Test
    void bk12_countersSinceTheLastCountersCheck() {
        assertPasses(TX_PAGE + """
                "steps": [{"tx": [{"gref": 8, "id": 1, "size": 60}],
                           "expect": {"counters": {"grant_copy_ops": 1, "grant_maps": 0, "grant_unmaps": {"at_most": 0}}}},
                          {"tx": [{"gref": 8, "id": 2, "size": 60}, {"gref": 8, "id": 3, "size": 60}],
                           "expect": {"counters": {"grant_copy_ops": {"at_least": 2, "at_most": 2}}}}]
                """);
    }

    @Test
    void bk3_incompletePacketIsFatalWithItsClause() {
        assertPasses(TX_PAGE + """
                "steps": [{"tx": [{"gref": 8, "flags": ["more_data"], "id": 1, "size": 100}],
                           "expect": {"tx_responses": [], "device": "fatal", "fatal_clause": "BK-3"}}]
                """);
    }

    @Test
    void xb4_refusalFailsUnlessExpected() {
        String refused = """
                "frontend": {"keys": {"tx-ring-ref": null}}
                """;
        assertPasses(refused + ", \"expect\": {\"device\": \"refused\", \"fatal_clause\": \"XB-4\"}");
        Scenarios.assertFailsWith(new dev.netifkit.conformance.spi.ReferenceBackendFactory(), refused,
                "connect: the backend did not connect: it is refused (XB-4: ");
    }

    @Test
    void connect_defaultKeysCanBeRemoved() {
        assertFails("""
                "frontend": {"keys": {"request-rx-copy": null}}
                """, "connect: the backend did not connect: it is refused (XB-4: frontend does not request rx copy"
                + " (/local/domain/1/device/vif/0/request-rx-copy = null); flipping is not supported)");
    }
}

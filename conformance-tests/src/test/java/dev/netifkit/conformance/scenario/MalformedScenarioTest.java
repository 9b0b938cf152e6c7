package dev.netifkit.conformance.scenario;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Phase 1 rejects every malformed file with a message naming the file, the JSON path and the problem — before
 * anything runs.
 */
class MalformedScenarioTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown-key.json     | $.steps[1].tx[0].flgs    | unknown key (expected gref, offset, flags, id, size)
            wrong-type.json      | $.steps[0].tx[0].size    | expected an integer (u16), got string "60"
            two-actions.json     | $.steps[0]               | 2 actions (tx, rx): a step has exactly one
            bad-hex.json         | $.grants[0].data         | bad hex: 'g' at position 5 is not a hex digit
            unknown-flag.json    | $.steps[0].tx[0].flags[1] | unknown flag 'more' (expected csum_blank, data_validated, more_data, extra_info)
            unknown-setting.json | $.backend.settings.gref_maping_size | unknown setting (expected gref_mapping_size, max_queues, rx_queue_bytes)
            """)
    void malformedFile_namesFilePathAndProblem(String file, String jsonPath, String problem) {
        Path path = Fixtures.path("scenario-fixtures/malformed/" + file);
        ScenarioFileException e = assertThrows(ScenarioFileException.class, () -> ScenarioParser.parse(path));
        assertEquals(path.toString(), e.file());
        assertEquals(jsonPath, e.jsonPath());
        assertEquals(problem, e.problem());
        assertEquals(path + ": " + jsonPath + ": " + problem, e.getMessage());
    }

    @ParameterizedTest(name = "not-json")
    @CsvSource("not-json.json")
    void notJson_namesTheLine(String file) {
        Path path = Fixtures.path("scenario-fixtures/malformed/" + file);
        ScenarioFileException e = assertThrows(ScenarioFileException.class, () -> ScenarioParser.parse(path));
        assertEquals("$", e.jsonPath());
        assertTrue(e.problem().startsWith("not valid JSON: ") && e.problem().contains("(line "), e.getMessage());
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `"steps": [{"tx": []}], "extra": 1`                               | $.extra | unknown key (expected format, name, clauses, backend, frontend, grants, steps, expect)
            `"steps": [{}]`                                                   | $.steps[0] | no action (expected exactly one of tx, rx, ctrl, gref_list, guest_rx, set_req_prod, write_slot, advance_ms, reconnect)
            `"steps": [{"tx": [{"gref": 8}], "tx": []}]`                      | $ | not valid JSON: Duplicate field 'tx'
            `"steps": [{"guest_rx": [{"length": 10}], "push": false}]`        | $.steps[0].push | only allowed with tx, rx or ctrl
            `"steps": [{"reconnect": false}]`                                 | $.steps[0].reconnect | expected true, got boolean false
            `"steps": [{"tx": [], "queue": 1}]`                               | $.steps[0].queue | queue 1 but the frontend has 1 queue(s) (0..0)
            `"steps": [{"ctrl": [{"type": "GET_HASH_FLAGS"}]}]`               | $.steps[0].ctrl | needs a control ring (set "frontend": {"ctrl_ring": true})
            `"frontend": {"ctrl_ring": true}, "steps": [{"ctrl": [{"type": "GET_HASH_FLAG"}]}]` | $.steps[0].ctrl[0].type | unknown CtrlType 'GET_HASH_FLAG' (expected one of INVALID, GET_HASH_FLAGS, SET_HASH_FLAGS, SET_HASH_KEY, GET_HASH_MAPPING_SIZE, SET_HASH_MAPPING_SIZE, SET_HASH_MAPPING, SET_HASH_ALGORITHM, GET_GREF_MAPPING_SIZE, ADD_GREF_MAPPING, DEL_GREF_MAPPING)
            `"frontend": {"ctrl_ring": true}, "steps": [{"ctrl": [{"data": [1, 2, 3, 4]}]}]` | $.steps[0].ctrl[0].data | 4 values (a control request has data[3])
            `"steps": [{"gref_list": {"gref": 20, "entries": []}}]`           | $.steps[0].gref_list.gref | gref 20 is not one of the scenario's grants (its page is needed)
            `"steps": [{"tx": [{"extra": {"type": "gso", "gso_type": "udp"}}]}]` | $.steps[0].tx[0].extra.gso_type | unknown GSO type 'udp' (expected tcpv4, tcpv6, none or a number)
            `"steps": [{"guest_rx": [{"length": 60, "gso": {"type": 7, "size": 100}}]}]` | $.steps[0].guest_rx[0].gso.type | a guest_rx packet's GSO type must be tcpv4 or tcpv6 (1 or 2), not 7
            `"steps": [{"guest_rx": [{"length": 60, "gso": {"type": "tcpv4"}}]}]` | $.steps[0].guest_rx[0].gso.size | missing
            `"backend": {"settings": {"gref_mapping_size": 70000}}`       | $.backend.settings.gref_mapping_size | 70000 is out of range for this setting (0..65536)
            `"steps": [{"tx": [{"extra": {"type": "xdp"}}]}]`                 | $.steps[0].tx[0].extra.type | unknown extra type 'xdp' (expected gso, mcast_add, mcast_del, hash or a number with raw)
            `"steps": [{"tx": [{"extra": {"type": 5, "raw": "0001"}}]}]`      | $.steps[0].tx[0].extra.raw | 2 bytes (expected the 6 bytes of the union)
            `"steps": [{"tx": [{"extra": {"type": "mcast_add", "addr": "01:00:5e"}}]}]` | $.steps[0].tx[0].extra.addr | bad MAC address '01:00:5e' (expected aa:bb:cc:dd:ee:ff)
            `"steps": [{"tx": [{"extra": {"type": "gso", "size": 1, "addr": "x"}}]}]` | $.steps[0].tx[0].extra.addr | unknown key (expected type, size, gso_type, features, pad, more)
            `"steps": [{"tx": [{"gref": 8, "size": 65536}]}]`                 | $.steps[0].tx[0].size | 65536 is out of range for u16 (0..65535)
            `"steps": [{"tx": [{"gref": 8, "offset": 1.5}]}]`                 | $.steps[0].tx[0].offset | expected an integer (u16), got number 1.5
            `"steps": [{"set_req_prod": {"ring": "txx", "value": 1}}]`        | $.steps[0].set_req_prod.ring | unknown ring "txx" (expected tx, rx or ctrl)
            `"steps": [{"write_slot": {"ring": "rx", "index": 0, "slot": {"id": 1, "size": 2}}}]` | $.steps[0].write_slot.slot.size | unknown key (expected id, gref)
            `"steps": [{"guest_rx": [{"data": "00", "length": 1}]}]`          | $.steps[0].guest_rx[0] | both data and length (give one)
            `"steps": [{"guest_rx": [{"length": 10, "csum": "full"}]}]`       | $.steps[0].guest_rx[0].csum | unknown checksum state "full" (expected none, partial or unnecessary)
            `"steps": [{"advance_ms": -1}]`                                   | $.steps[0].advance_ms | -1 is out of range for milliseconds (0..9000000000000)
            `"grants": [{"gref": 7}]`                                         | $.grants[0].gref | 7 is out of range for a grantable gref (8..131071)
            `"grants": [{"gref": 8}, {"gref": 8}]`                            | $.grants[1].gref | gref 8 is granted twice
            `"grants": [{"gref": 8, "data": "00", "at": 4096}]`               | $.grants[0].data | 1 bytes at offset 4096 run past the 4096-byte page
            `"grants": [{"gref": 8, "pattern": "random"}]`                    | $.grants[0].pattern | unknown pattern "random" (expected seq)
            `"backend": {"mode": "flip"}`                                     | $.backend.mode | unknown mode "flip" (expected copy, map or staging)
            `"frontend": {"queues": 0}`                                       | $.frontend.queues | 0 is out of range for a queue count (1..64)
            `"frontend": {"keys": {"a//b": "1"}}`                             | $.frontend.keys['a//b'] | not a relative xenstore path (characters A-Z a-z 0-9 _ @ : . - and '/' between names)
            `"frontend": {"keys": {"feature-sg": true}}`                      | $.frontend.keys['feature-sg'] | expected a string, an integer or null, got boolean true
            `"expect": {"ordered": true}`                                     | $.expect.ordered | only allowed beside tx_responses
            `"expect": {"device": "up"}`                                      | $.expect.device | unknown device state "up" (expected connected, fatal or refused)
            `"expect": {"tx_responses": [{"id": 1, "status": "OK"}]}`         | $.expect.tx_responses[0].status | unknown status 'OK' (expected OKAY, ERROR, DROPPED, NULL, negative or a number)
            `"expect": [{"counters": {"grant_copies": 1}}]`                   | $.expect[0].counters.grant_copies | unknown counter (expected events_delivered, grant_copy_bytes, grant_copy_failures, grant_copy_ops, grant_maps, grant_unmaps, hypercalls, memcpy_bytes, notifications_sent, notifications_suppressed, tlb_flushes)
            `"expect": {"counters": {"grant_maps": {"more_than": 1}}}`        | $.expect.counters.grant_maps.more_than | unknown key (expected at_least, at_most)
            `"expect": {"ctrl_responses": []}`                                | $.expect.ctrl_responses | needs a control ring (set "frontend": {"ctrl_ring": true})
            `"expect": {"guest_pages": [{"gref": 40, "data": "00"}]}`         | $.expect.guest_pages[0].gref | gref 40 is not one of the scenario's grants (its page is needed)
            `"expect": {"rx_responses": [{"id": 1, "flags": ["more"]}]}`      | $.expect.rx_responses[0].flags[0] | unknown flag 'more' (expected data_validated, csum_blank, more_data, extra_info, gso_prefix)
            `"expect": {"transmitted": [{"data": "00", "hash": {"type": "ipv5"}}]}` | $.expect.transmitted[0].hash.type | unknown hash type 'ipv5' (expected ipv4, ipv4_tcp, ipv6 or ipv6_tcp)
            `"expect": 3`                                                     | $.expect | expected an object or an array of objects, got number 3
            """)
    void malformedInline_namesPathAndProblem(String members, String jsonPath, String problem) {
        ScenarioFileException e = assertThrows(ScenarioFileException.class,
                () -> ScenarioParser.parse("inline.json", Scenarios.doc(members)));
        assertEquals("inline.json", e.file());
        assertEquals(jsonPath, e.jsonPath(), e.getMessage());
        if (problem.startsWith("not valid JSON: ")) {
            assertTrue(e.problem().startsWith(problem), e.getMessage());
        } else {
            assertEquals(problem, e.problem(), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"name": "x"}`                                      | $.format | missing
            `{"format": "netif-scenario/2", "name": "x"}`       | $.format | "netif-scenario/2" (expected "netif-scenario/1")
            `{"format": "netif-scenario/1"}`                     | $.name | missing
            `[]`                                                 | $ | expected an object, got array []
            `{"format": "netif-scenario/1", "name": "x"} {}`     | $ | not valid JSON: Trailing token (of type START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`
            """)
    void malformedTopLevel(String json, String jsonPath, String problem) {
        ScenarioFileException e = assertThrows(ScenarioFileException.class, () -> ScenarioParser.parse("t.json", json));
        assertEquals(jsonPath, e.jsonPath(), e.getMessage());
        assertTrue(e.problem().startsWith(problem), e.getMessage());
    }
}

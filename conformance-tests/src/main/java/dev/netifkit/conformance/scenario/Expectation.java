package dev.netifkit.conformance.scenario;

import dev.netifkit.proto.extra.ExtraInfo;

import java.util.List;
import java.util.Map;

/**
 * One expectation object (SCENARIOS.md "Expectations"): only what is written is checked, everything written must
 * hold. Absent keys are null (or false for {@code ordered}).
 *
 * @param path the object's JSON path, e.g. {@code $.steps[2].expect}
 * @param queue the queue its ring keys apply to (default 0)
 * @param txResponses {@code tx_responses}: the tx responses since the last check, as a multiset
 * @param ordered {@code ordered}: compare {@code tx_responses} in ring order
 * @param txRspProd {@code tx_rsp_prod} (u32 bits)
 * @param rxRspProd {@code rx_rsp_prod} (u32 bits)
 * @param ctrlRspProd {@code ctrl_rsp_prod} (u32 bits)
 * @param transmitted {@code transmitted}: packets since the last check, in order
 * @param rxResponses {@code rx_responses}: rx slots written since the last check, in ring order
 * @param guestPages {@code guest_pages}: bytes now in frontend pages
 * @param grefListStatus {@code gref_list_status}: status fields of gref lists
 * @param ctrlResponses {@code ctrl_responses}: control responses since the last check, as a multiset
 * @param device {@code device}: {@code connected}, {@code fatal}, {@code refused} (also {@code waiting},
 *               {@code closed})
 * @param fatalClause {@code fatal_clause}: the clause the backend's reason names
 * @param counters {@code counters}: hypervisor counters of the backend domain since the last counters check
 * @param rxResponsesCount {@code rx_responses_count}: rx slots written since the last check
 */
public record Expectation(String path, int queue, List<TxResponse> txResponses, boolean ordered, Integer txRspProd,
                          Integer rxRspProd, Integer ctrlRspProd, List<Packet> transmitted, List<RxSlot> rxResponses,
                          List<Page> guestPages, List<GrefStatus> grefListStatus, List<CtrlResponse> ctrlResponses,
                          String device, String fatalClause, Map<String, CounterBound> counters,
                          Integer rxResponsesCount) {

    /**
     * An expected tx response.
     *
     * @param id the id, or null when not checked (always null for NULL)
     * @param status the status, or null when not checked
     */
    public record TxResponse(Integer id, StatusMatch status) {
    }

    /** An expected rx ring slot: a data response or an extra-info slot. */
    public sealed interface RxSlot {
    }

    /**
     * An expected rx data response; null fields are not checked.
     *
     * @param id the id
     * @param offset the offset
     * @param flags the NETRXF_* flags, compared exactly
     * @param status bytes in the slot, a negative status, or {@code negative}
     */
    public record RxData(Integer id, Integer offset, Integer flags, StatusMatch status) implements RxSlot {
    }

    /**
     * An expected rx extra-info slot, compared byte for byte (an absent {@code more} means the flag is clear).
     *
     * @param extra the extra
     */
    public record RxExtra(ExtraInfo extra) implements RxSlot {
    }

    /**
     * An expected transmitted packet; null fields are not checked.
     *
     * @param data the bytes
     * @param csumBlank NETTXF_csum_blank came with it
     * @param dataValidated NETTXF_data_validated came with it
     * @param gso the GSO metadata, {@link Gso#NONE} for "no GSO", or null
     * @param hash the hash, {@link Hash#NONE} for "not hashed", or null
     */
    public record Packet(byte[] data, Boolean csumBlank, Boolean dataValidated, Gso gso, Hash hash) {
    }

    /**
     * Expected GSO metadata of a transmitted packet; null fields are not checked.
     *
     * @param type XEN_NETIF_GSO_TYPE_*
     * @param size the segment size
     */
    public record Gso(Integer type, Integer size) {
        /** No GSO ({@code "gso": null}). */
        public static final Gso NONE = new Gso(0, 0);
    }

    /**
     * An expected hash of a transmitted packet; null fields are not checked.
     *
     * @param type the hash type's bit number
     * @param value the 32-bit hash
     */
    public record Hash(Integer type, Integer value) {
        /** Not hashed ({@code "hash": null}). */
        public static final Hash NONE = new Hash(-1, 0);
    }

    /**
     * Expected bytes in a frontend page.
     *
     * @param gref one of the scenario's grants
     * @param at the offset
     * @param data the bytes
     */
    public record Page(int gref, int at, byte[] data) {
    }

    /**
     * Expected status fields of a gref list.
     *
     * @param gref the list's page (one of the scenario's grants)
     * @param status the status field of entry 0, 1, …
     */
    public record GrefStatus(int gref, List<Integer> status) {
        /** Copies the statuses. */
        public GrefStatus {
            status = List.copyOf(status);
        }
    }

    /**
     * An expected control response; null fields are not checked.
     *
     * @param id the id
     * @param type the type
     * @param status the status
     * @param data the data (u32 bits)
     */
    public record CtrlResponse(Integer id, Integer type, Integer status, Integer data) {
    }

    /**
     * A bound on a counter's increase: exact, or at least / at most.
     *
     * @param exact the exact value, or null
     * @param atLeast the lower bound, or null
     * @param atMost the upper bound, or null
     */
    public record CounterBound(Long exact, Long atLeast, Long atMost) {
        /**
         * @param actual the counter's increase
         * @return whether it is within the bound
         */
        public boolean matches(long actual) {
            return (exact == null || actual == exact) && (atLeast == null || actual >= atLeast)
                    && (atMost == null || actual <= atMost);
        }

        @Override
        public String toString() {
            if (exact != null) {
                return Long.toString(exact);
            }
            if (atLeast != null && atMost != null) {
                return "between " + atLeast + " and " + atMost;
            }
            return atLeast != null ? "at least " + atLeast : "at most " + atMost;
        }
    }
}

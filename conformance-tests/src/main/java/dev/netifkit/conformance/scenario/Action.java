package dev.netifkit.conformance.scenario;

import dev.netifkit.conformance.scripted.RingKind;
import dev.netifkit.conformance.spi.GuestRxPacket;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.Gref;
import dev.netifkit.proto.rx.RxRequest;

import java.util.List;

/** The one action of a step (SCENARIOS.md "Steps"). */
public sealed interface Action {

    /** @return the action's key in the file, e.g. {@code tx} */
    String key();

    /**
     * {@code "tx"}: slots written at the tx ring's private producer, then published and notified unless
     * {@code push} is false.
     *
     * @param slots {@link SlotSpec.TxReq} or {@link SlotSpec.TxExtra}
     * @param push whether to publish req_prod and notify
     */
    record Tx(List<SlotSpec> slots, boolean push) implements Action {
        /** Copies the slots. */
        public Tx {
            slots = List.copyOf(slots);
        }

        @Override
        public String key() {
            return "tx";
        }
    }

    /**
     * {@code "rx"}: rx requests posted the same way.
     *
     * @param requests the requests
     * @param push whether to publish req_prod and notify
     */
    record Rx(List<RxRequest> requests, boolean push) implements Action {
        /** Copies the requests. */
        public Rx {
            requests = List.copyOf(requests);
        }

        @Override
        public String key() {
            return "rx";
        }
    }

    /**
     * {@code "ctrl"}: control requests posted the same way.
     *
     * @param requests the requests
     * @param push whether to publish req_prod and notify
     */
    record Ctrl(List<CtrlRequest> requests, boolean push) implements Action {
        /** Copies the requests. */
        public Ctrl {
            requests = List.copyOf(requests);
        }

        @Override
        public String key() {
            return "ctrl";
        }
    }

    /**
     * {@code "gref_list"}: a {@code xen_netif_gref} list written at offset 0 of a granted page.
     *
     * @param gref the page's gref (one of the scenario's grants)
     * @param entries the entries
     */
    record GrefList(int gref, List<Gref> entries) implements Action {
        /** Copies the entries. */
        public GrefList {
            entries = List.copyOf(entries);
        }

        @Override
        public String key() {
            return "gref_list";
        }
    }

    /**
     * {@code "guest_rx"}: packets handed to the backend's network side.
     *
     * @param packets the packets
     */
    record GuestRx(List<GuestRxPacket> packets) implements Action {
        /** Copies the packets. */
        public GuestRx {
            packets = List.copyOf(packets);
        }

        @Override
        public String key() {
            return "guest_rx";
        }
    }

    /**
     * {@code "set_req_prod"}: hostile write of the shared req_prod, then a notification.
     *
     * @param ring the ring
     * @param value the u32 value
     */
    record SetReqProd(RingKind ring, int value) implements Action {
        @Override
        public String key() {
            return "set_req_prod";
        }
    }

    /**
     * {@code "write_slot"}: hostile overwrite of the slot of a ring index.
     *
     * @param ring the ring
     * @param index the u32 ring index
     * @param slot what is written (of the ring's kind)
     */
    record WriteSlot(RingKind ring, int index, SlotSpec slot) implements Action {
        @Override
        public String key() {
            return "write_slot";
        }
    }

    /**
     * {@code "advance_ms"}: the simulated clock moves on.
     *
     * @param millis milliseconds, ≥ 0
     */
    record AdvanceMs(long millis) implements Action {
        @Override
        public String key() {
            return "advance_ms";
        }
    }

    /** {@code "reconnect": true}: Closing, Closed, then a fresh connection with the same settings. */
    record Reconnect() implements Action {
        @Override
        public String key() {
            return "reconnect";
        }
    }
}

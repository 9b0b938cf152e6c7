package dev.netifkit.conformance.scenario;

import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.extra.ExtraInfo;
import dev.netifkit.proto.rx.RxRequest;
import dev.netifkit.proto.tx.TxRequest;

/** What a step writes into one ring slot. */
public sealed interface SlotSpec {

    /**
     * A tx request.
     *
     * @param request the request, bit for bit
     */
    record TxReq(TxRequest request) implements SlotSpec {
    }

    /**
     * A tx extra-info slot.
     *
     * @param extra the extra, bit for bit
     */
    record TxExtra(ExtraInfo extra) implements SlotSpec {
    }

    /**
     * An rx request.
     *
     * @param request the request
     */
    record RxReq(RxRequest request) implements SlotSpec {
    }

    /**
     * A control request.
     *
     * @param request the request
     */
    record CtrlReq(CtrlRequest request) implements SlotSpec {
    }
}

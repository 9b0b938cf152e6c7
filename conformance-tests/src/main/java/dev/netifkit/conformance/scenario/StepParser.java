package dev.netifkit.conformance.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netifkit.conformance.scripted.RingKind;
import dev.netifkit.conformance.spi.GuestRxPacket;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.Gref;
import dev.netifkit.proto.rx.RxRequest;
import dev.netifkit.proto.tx.TxRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses the {@code steps} of a scenario (SCENARIOS.md "Steps"). */
final class StepParser {
    static final String[] ACTIONS = {"tx", "rx", "ctrl", "gref_list", "guest_rx", "set_req_prod", "write_slot",
        "advance_ms", "reconnect"};
    private static final String[] STEP_KEYS = {"tx", "rx", "ctrl", "gref_list", "guest_rx", "set_req_prod",
        "write_slot", "advance_ms", "reconnect", "queue", "push", "expect"};
    private static final int MAX_GREF_LIST = 512;

    private final FrontendSpec frontend;
    private final Set<Integer> granted;
    private final Set<Integer> mentioned;

    StepParser(FrontendSpec frontend, Set<Integer> granted, Set<Integer> mentioned) {
        this.frontend = frontend;
        this.granted = granted;
        this.mentioned = mentioned;
    }

    Step step(int index, JsonNode node, String path, ExpectParser expects) throws Invalid {
        Obj s = Obj.of(node, path);
        s.only(STEP_KEYS);
        List<String> present = new ArrayList<>();
        for (String a : ACTIONS) {
            if (s.has(a)) {
                present.add(a);
            }
        }
        if (present.isEmpty()) {
            throw new Invalid(path, "no action (expected exactly one of " + String.join(", ", ACTIONS) + ")");
        }
        if (present.size() > 1) {
            throw new Invalid(path, present.size() + " actions (" + String.join(", ", present)
                    + "): a step has exactly one");
        }
        String key = present.get(0);
        boolean queueGiven = s.has("queue");
        int queue = queueGiven ? queue(s.require("queue"), s.at("queue"), frontend.queues()) : 0;
        if (s.has("push") && !key.equals("tx") && !key.equals("rx") && !key.equals("ctrl")) {
            throw new Invalid(s.at("push"), "only allowed with tx, rx or ctrl");
        }
        boolean push = s.bool("push", true);
        JsonNode v = s.require(key);
        String at = s.at(key);
        Action action;
        switch (key) {
            case "tx":
                action = tx(v, at, push);
                break;
            case "rx":
                action = rx(v, at, push);
                break;
            case "ctrl":
                requireCtrlRing(at);
                action = ctrl(v, at, push);
                break;
            case "gref_list":
                action = grefList(v, at);
                break;
            case "guest_rx":
                action = guestRx(v, at);
                break;
            case "set_req_prod":
                action = setReqProd(v, at);
                break;
            case "write_slot":
                action = writeSlot(v, at);
                break;
            case "advance_ms":
                action = new Action.AdvanceMs(Obj.integer(v, at, 0, 9_000_000_000_000L, "milliseconds"));
                break;
            default:
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw new Invalid(at, "expected true, got " + Obj.describe(v));
                }
                action = new Action.Reconnect();
                break;
        }
        List<Expectation> expect = s.has("expect") ? expects.expect(s.require("expect"), s.at("expect"),
                frontend.queues()) : List.of();
        return new Step(index, action, queue, queueGiven, expect);
    }

    static int queue(JsonNode v, String path, int queues) throws Invalid {
        int q = (int) Obj.integer(v, path, 0, Integer.MAX_VALUE, "a queue number");
        if (q >= queues) {
            throw new Invalid(path, "queue " + q + " but the frontend has " + queues + " queue(s) (0.." + (queues - 1)
                    + ")");
        }
        return q;
    }

    private void requireCtrlRing(String path) throws Invalid {
        if (!frontend.ctrlRing()) {
            throw new Invalid(path, "needs a control ring (set \"frontend\": {\"ctrl_ring\": true})");
        }
    }

    private Action tx(JsonNode v, String path, boolean push) throws Invalid {
        List<JsonNode> list = Obj.array(v, path);
        List<SlotSpec> slots = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            slots.add(txSlot(list.get(i), path + "[" + i + "]"));
        }
        return new Action.Tx(slots, push);
    }

    private SlotSpec txSlot(JsonNode v, String path) throws Invalid {
        Obj o = Obj.of(v, path);
        if (o.has("extra")) {
            o.only("extra");
            return new SlotSpec.TxExtra(Values.extra(o.require("extra"), o.at("extra")));
        }
        o.only("gref", "offset", "flags", "id", "size");
        int gref = o.u32("gref", 0);
        mentioned.add(gref);
        int flags = o.has("flags") ? Values.txFlags(o.get("flags"), o.at("flags")) : 0;
        return new SlotSpec.TxReq(new TxRequest(gref, o.u16("offset", 0), flags, o.u16("id", 0), o.u16("size", 0)));
    }

    private Action rx(JsonNode v, String path, boolean push) throws Invalid {
        List<JsonNode> list = Obj.array(v, path);
        List<RxRequest> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(rxSlot(list.get(i), path + "[" + i + "]"));
        }
        return new Action.Rx(out, push);
    }

    private RxRequest rxSlot(JsonNode v, String path) throws Invalid {
        Obj o = Obj.of(v, path);
        o.only("id", "gref");
        int gref = o.u32("gref", 0);
        mentioned.add(gref);
        return new RxRequest(o.u16("id", 0), 0, gref);
    }

    private Action ctrl(JsonNode v, String path, boolean push) throws Invalid {
        List<JsonNode> list = Obj.array(v, path);
        List<CtrlRequest> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(ctrlSlot(list.get(i), path + "[" + i + "]"));
        }
        return new Action.Ctrl(out, push);
    }

    private CtrlRequest ctrlSlot(JsonNode v, String path) throws Invalid {
        Obj o = Obj.of(v, path);
        o.only("id", "type", "data");
        int type = o.has("type") ? Values.ctrlType(o.get("type"), o.at("type")) : 0;
        int[] data = new int[3];
        if (o.has("data")) {
            List<JsonNode> list = o.array("data");
            if (list.size() > 3) {
                throw new Invalid(o.at("data"), list.size() + " values (a control request has data[3])");
            }
            for (int i = 0; i < list.size(); i++) {
                data[i] = (int) Obj.integer(list.get(i), o.at("data") + "[" + i + "]", 0, 0xFFFF_FFFFL, "u32");
                mentioned.add(data[i]);
            }
        }
        return new CtrlRequest(o.u16("id", 0), type, data[0], data[1], data[2]);
    }

    private Action grefList(JsonNode v, String path) throws Invalid {
        Obj o = Obj.of(v, path);
        o.only("gref", "entries");
        int gref = grantedGref(o, "gref");
        List<JsonNode> list = o.array("entries");
        if (list.size() > MAX_GREF_LIST) {
            throw new Invalid(o.at("entries"), list.size() + " entries do not fit a page (at most " + MAX_GREF_LIST
                    + ")");
        }
        List<Gref> entries = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Obj e = Obj.of(list.get(i), o.at("entries") + "[" + i + "]");
            e.only("ref", "flags", "status");
            int ref = e.u32("ref", 0);
            mentioned.add(ref);
            int flags = e.has("flags") ? Values.grefFlags(e.get("flags"), e.at("flags")) : 0;
            entries.add(new Gref(ref, flags, e.u16("status", 0)));
        }
        return new Action.GrefList(gref, entries);
    }

    /** A gref that must be one of the scenario's grants (the runner needs its page). */
    int grantedGref(Obj o, String key) throws Invalid {
        long gref = o.integer(key, 0, 0xFFFF_FFFFL, "u32");
        if (!granted.contains((int) gref)) {
            throw new Invalid(o.at(key), "gref " + gref + " is not one of the scenario's grants (its page is needed)");
        }
        return (int) gref;
    }

    private Action guestRx(JsonNode v, String path) throws Invalid {
        List<JsonNode> list = Obj.array(v, path);
        List<GuestRxPacket> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Obj p = Obj.of(list.get(i), path + "[" + i + "]");
            p.only("data", "length", "pattern", "csum", "gso");
            byte[] data = packetData(p, 1);
            String csum = p.string("csum", "none");
            if (!csum.equals("none") && !csum.equals("partial") && !csum.equals("unnecessary")) {
                throw new Invalid(p.at("csum"), "unknown checksum state \"" + csum
                        + "\" (expected none, partial or unnecessary)");
            }
            int gsoType = 0;
            int gsoSize = 0;
            if (p.has("gso")) {
                Obj g = p.object("gso");
                g.only("type", "size");
                gsoType = Values.gsoType(g.require("type"), g.at("type"));
                if (gsoType != 1 && gsoType != 2) {
                    throw new Invalid(g.at("type"), "a guest_rx packet's GSO type must be tcpv4 or tcpv6 (1 or 2), not "
                            + gsoType);
                }
                gsoSize = (int) g.integer("size", 1, 0xFFFF, "a segment size 1..65535");
            }
            out.add(new GuestRxPacket(data, csum, gsoType, gsoSize));
        }
        return new Action.GuestRx(out);
    }

    /** {@code "data": hex} or {@code "length": n, "pattern": "seq"}. */
    static byte[] packetData(Obj p, int minLength) throws Invalid {
        if (p.has("data") == p.has("length")) {
            throw new Invalid(p.path(), p.has("data") ? "both data and length (give one)"
                    : "no packet bytes (expected data, or length with pattern seq)");
        }
        if (p.has("pattern") && !p.has("length")) {
            throw new Invalid(p.at("pattern"), "only allowed with length");
        }
        byte[] data;
        if (p.has("data")) {
            data = p.hex("data");
        } else {
            String pattern = p.string("pattern", "seq");
            if (!pattern.equals("seq")) {
                throw new Invalid(p.at("pattern"), "unknown pattern \"" + pattern + "\" (expected seq)");
            }
            data = new byte[(int) p.integer("length", minLength, 0xFFFF, "a packet length")];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) i;
            }
        }
        if (data.length < minLength || data.length > 0xFFFF) {
            throw new Invalid(p.at("data"), data.length + " bytes (a packet has " + minLength + "..65535)");
        }
        return data;
    }

    private RingKind ring(Obj o) throws Invalid {
        String name = o.string("ring");
        RingKind kind = RingKind.fromName(name);
        if (kind == null) {
            throw new Invalid(o.at("ring"), "unknown ring \"" + name + "\" (expected tx, rx or ctrl)");
        }
        if (kind == RingKind.CTRL) {
            requireCtrlRing(o.at("ring"));
        }
        return kind;
    }

    private Action setReqProd(JsonNode v, String path) throws Invalid {
        Obj o = Obj.of(v, path);
        o.only("ring", "value");
        RingKind kind = ring(o);
        return new Action.SetReqProd(kind, (int) o.integer("value", 0, 0xFFFF_FFFFL, "u32"));
    }

    private Action writeSlot(JsonNode v, String path) throws Invalid {
        Obj o = Obj.of(v, path);
        o.only("ring", "index", "slot");
        RingKind kind = ring(o);
        int index = (int) o.integer("index", 0, 0xFFFF_FFFFL, "u32");
        JsonNode slot = o.require("slot");
        SlotSpec spec;
        switch (kind) {
            case TX:
                spec = txSlot(slot, o.at("slot"));
                break;
            case RX:
                spec = new SlotSpec.RxReq(rxSlot(slot, o.at("slot")));
                break;
            default:
                spec = new SlotSpec.CtrlReq(ctrlSlot(slot, o.at("slot")));
                break;
        }
        return new Action.WriteSlot(kind, index, spec);
    }
}

package dev.netifkit.conformance.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netifkit.hv.CounterSnapshot;
import dev.netifkit.proto.NetifRsp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Parses {@code expect} objects (SCENARIOS.md "Expectations"). */
final class ExpectParser {
    static final String[] KEYS = {"queue", "tx_responses", "ordered", "tx_rsp_prod", "rx_rsp_prod", "ctrl_rsp_prod",
        "transmitted", "rx_responses", "guest_pages", "gref_list_status", "ctrl_responses", "device", "fatal_clause",
        "counters", "rx_responses_count"};
    static final Set<String> DEVICE_STATES = Set.of("connected", "fatal", "refused", "waiting", "closed");
    /** Counter names a {@code counters} expectation may use: every hypervisor counter. */
    static final Set<String> COUNTERS = new TreeSet<>(CounterSnapshot.ZERO.asMap().keySet());

    private final FrontendSpec frontend;
    private final Set<Integer> granted;
    private final Set<Integer> mentioned;

    ExpectParser(FrontendSpec frontend, Set<Integer> granted, Set<Integer> mentioned) {
        this.frontend = frontend;
        this.granted = granted;
        this.mentioned = mentioned;
    }

    /** An object or an array of objects. */
    List<Expectation> expect(JsonNode v, String path, int queues) throws Invalid {
        List<Expectation> out = new ArrayList<>();
        if (v.isArray()) {
            List<JsonNode> list = Obj.array(v, path);
            for (int i = 0; i < list.size(); i++) {
                out.add(one(Obj.of(list.get(i), path + "[" + i + "]"), queues));
            }
        } else if (v.isObject()) {
            out.add(one(Obj.of(v, path), queues));
        } else {
            throw new Invalid(path, "expected an object or an array of objects, got " + Obj.describe(v));
        }
        return out;
    }

    private Expectation one(Obj e, int queues) throws Invalid {
        e.only(KEYS);
        int queue = e.has("queue") ? StepParser.queue(e.require("queue"), e.at("queue"), queues) : 0;
        if (e.has("ordered") && !e.has("tx_responses")) {
            throw new Invalid(e.at("ordered"), "only allowed beside tx_responses");
        }
        if (!frontend.ctrlRing()) {
            for (String k : new String[]{"ctrl_responses", "ctrl_rsp_prod"}) {
                if (e.has(k)) {
                    throw new Invalid(e.at(k), "needs a control ring (set \"frontend\": {\"ctrl_ring\": true})");
                }
            }
        }
        String device = null;
        if (e.has("device")) {
            device = e.string("device");
            if (!DEVICE_STATES.contains(device)) {
                throw new Invalid(e.at("device"), "unknown device state \"" + device
                        + "\" (expected connected, fatal or refused)");
            }
        }
        return new Expectation(e.path(), queue,
                e.has("tx_responses") ? txResponses(e) : null,
                e.bool("ordered", false),
                e.has("tx_rsp_prod") ? e.u32("tx_rsp_prod", 0) : null,
                e.has("rx_rsp_prod") ? e.u32("rx_rsp_prod", 0) : null,
                e.has("ctrl_rsp_prod") ? e.u32("ctrl_rsp_prod", 0) : null,
                e.has("transmitted") ? transmitted(e) : null,
                e.has("rx_responses") ? rxResponses(e) : null,
                e.has("guest_pages") ? guestPages(e) : null,
                e.has("gref_list_status") ? grefListStatus(e) : null,
                e.has("ctrl_responses") ? ctrlResponses(e) : null,
                device,
                e.has("fatal_clause") ? e.string("fatal_clause") : null,
                e.has("counters") ? counters(e) : null,
                e.has("rx_responses_count") ? e.u32("rx_responses_count", 0) : null);
    }

    private static List<Obj> objects(Obj e, String key) throws Invalid {
        List<JsonNode> list = e.array(key);
        List<Obj> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(Obj.of(list.get(i), e.at(key) + "[" + i + "]"));
        }
        return out;
    }

    private static List<Expectation.TxResponse> txResponses(Obj e) throws Invalid {
        List<Expectation.TxResponse> out = new ArrayList<>();
        for (Obj r : objects(e, "tx_responses")) {
            r.only("id", "status");
            StatusMatch status = r.has("status") ? Values.txStatus(r.get("status"), r.at("status")) : null;
            Integer id = r.has("id") ? r.u16("id", 0) : null;
            if (status != null && !status.negative() && status.value() == NetifRsp.NULL) {
                id = null; // a NULL response's id means nothing (TX-3, BK-11)
            }
            out.add(new Expectation.TxResponse(id, status));
        }
        return out;
    }

    private static List<Expectation.Packet> transmitted(Obj e) throws Invalid {
        List<Expectation.Packet> out = new ArrayList<>();
        for (Obj p : objects(e, "transmitted")) {
            p.only("data", "length", "pattern", "csum_blank", "data_validated", "gso", "hash");
            byte[] data = StepParser.packetData(p, 0);
            Boolean csumBlank = p.has("csum_blank") ? p.bool("csum_blank", false) : null;
            Boolean dataValidated = p.has("data_validated") ? p.bool("data_validated", false) : null;
            Expectation.Gso gso = null;
            if (p.has("gso")) {
                if (p.get("gso").isNull()) {
                    gso = Expectation.Gso.NONE;
                } else {
                    Obj g = p.object("gso");
                    g.only("type", "gso_type", "size");
                    String typeKey = typeKey(g, "gso", "gso_type");
                    gso = new Expectation.Gso(typeKey != null ? Values.gsoType(g.get(typeKey), g.at(typeKey)) : null,
                            g.has("size") ? g.u16("size", 0) : null);
                }
            }
            Expectation.Hash hash = null;
            if (p.has("hash")) {
                if (p.get("hash").isNull()) {
                    hash = Expectation.Hash.NONE;
                } else {
                    Obj h = p.object("hash");
                    h.only("type", "hash_type", "value", "algorithm");
                    String typeKey = typeKey(h, "hash", "hash_type");
                    if (h.has("algorithm")) {
                        // type-checked only: a transmitted packet does not carry the algorithm of its HASH extra
                        Values.hashAlgorithm(h.get("algorithm"), h.at("algorithm"));
                    }
                    hash = new Expectation.Hash(typeKey != null ? Values.hashTypeBit(h.get(typeKey), h.at(typeKey)) : null,
                            h.has("value") ? Values.u32OrInt(h.get("value"), h.at("value")) : null);
                }
            }
            out.add(new Expectation.Packet(data, csumBlank, dataValidated, gso, hash));
        }
        return out;
    }

    /**
     * Where the type of a transmitted packet's {@code gso} / {@code hash} is: {@code type}, or {@code alias} as in an
     * extra (whose {@code type} then names the extra itself, {@code "gso"} / {@code "hash"}, and is ignored).
     */
    private static String typeKey(Obj o, String extraName, String alias) throws Invalid {
        boolean marker = o.has("type") && o.get("type").isTextual() && o.get("type").textValue().equals(extraName);
        if (o.has(alias)) {
            if (o.has("type") && !marker) {
                throw new Invalid(o.path(), "both type and " + alias + " (give one)");
            }
            return alias;
        }
        return o.has("type") && !marker ? "type" : null;
    }

    private static List<Expectation.RxSlot> rxResponses(Obj e) throws Invalid {
        List<Expectation.RxSlot> out = new ArrayList<>();
        for (Obj r : objects(e, "rx_responses")) {
            if (r.has("extra")) {
                r.only("extra");
                out.add(new Expectation.RxExtra(Values.extra(r.require("extra"), r.at("extra"))));
                continue;
            }
            r.only("id", "offset", "flags", "status");
            out.add(new Expectation.RxData(r.has("id") ? r.u16("id", 0) : null,
                    r.has("offset") ? r.u16("offset", 0) : null,
                    r.has("flags") ? Values.rxFlags(r.get("flags"), r.at("flags")) : null,
                    r.has("status") ? Values.txStatus(r.get("status"), r.at("status")) : null));
        }
        return out;
    }

    private List<Expectation.Page> guestPages(Obj e) throws Invalid {
        List<Expectation.Page> out = new ArrayList<>();
        StepParser grefs = new StepParser(frontend, granted, mentioned);
        for (Obj p : objects(e, "guest_pages")) {
            p.only("gref", "at", "data");
            int gref = grefs.grantedGref(p, "gref");
            int at = (int) p.integer("at", 0, 4096, "a page offset", 0);
            byte[] data = p.hex("data");
            if (at + data.length > 4096) {
                throw new Invalid(p.at("data"), data.length + " bytes at offset " + at + " run past the 4096-byte page");
            }
            out.add(new Expectation.Page(gref, at, data));
        }
        return out;
    }

    private List<Expectation.GrefStatus> grefListStatus(Obj e) throws Invalid {
        JsonNode v = e.require("gref_list_status");
        List<Obj> items = new ArrayList<>();
        if (v.isArray()) {
            items = objects(e, "gref_list_status");
        } else {
            items.add(e.object("gref_list_status"));
        }
        StepParser grefs = new StepParser(frontend, granted, mentioned);
        List<Expectation.GrefStatus> out = new ArrayList<>();
        for (Obj g : items) {
            g.only("gref", "status");
            int gref = grefs.grantedGref(g, "gref");
            List<JsonNode> list = g.array("status");
            if (list.size() > 512) {
                throw new Invalid(g.at("status"), list.size() + " entries do not fit a page (at most 512)");
            }
            List<Integer> status = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                status.add(Values.grefStatus(list.get(i), g.at("status") + "[" + i + "]"));
            }
            out.add(new Expectation.GrefStatus(gref, status));
        }
        return out;
    }

    private static List<Expectation.CtrlResponse> ctrlResponses(Obj e) throws Invalid {
        List<Expectation.CtrlResponse> out = new ArrayList<>();
        for (Obj r : objects(e, "ctrl_responses")) {
            r.only("id", "type", "status", "data");
            out.add(new Expectation.CtrlResponse(r.has("id") ? r.u16("id", 0) : null,
                    r.has("type") ? Values.ctrlType(r.get("type"), r.at("type")) : null,
                    r.has("status") ? Values.ctrlStatus(r.get("status"), r.at("status")) : null,
                    r.has("data") ? Values.u32OrInt(r.get("data"), r.at("data")) : null));
        }
        return out;
    }

    private static Map<String, Expectation.CounterBound> counters(Obj e) throws Invalid {
        Obj c = e.object("counters");
        Map<String, Expectation.CounterBound> out = new LinkedHashMap<>();
        for (String name : c.keys()) {
            if (!COUNTERS.contains(name)) {
                throw new Invalid(c.at(name), "unknown counter (expected " + String.join(", ", COUNTERS) + ")");
            }
            JsonNode v = c.get(name);
            if (v.isObject()) {
                Obj b = Obj.of(v, c.at(name));
                b.only("at_least", "at_most");
                if (b.size() == 0) {
                    throw new Invalid(b.path(), "empty bound (expected at_least and/or at_most)");
                }
                out.put(name, new Expectation.CounterBound(null,
                        b.has("at_least") ? b.integer("at_least", 0, Long.MAX_VALUE, "a count") : null,
                        b.has("at_most") ? b.integer("at_most", 0, Long.MAX_VALUE, "a count") : null));
            } else {
                out.put(name, new Expectation.CounterBound(Obj.integer(v, c.at(name), 0, Long.MAX_VALUE,
                        "a count, or {\"at_least\": n} / {\"at_most\": n}"), null, null));
            }
        }
        return out;
    }
}

package dev.netifkit.cli.decode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --json} form of a decoded ring page or structure: plain maps and lists for Jackson. */
final class DumpJson {
    private DumpJson() {
    }

    /**
     * A page.
     *
     * <pre>
     * {"ring", "bytes", "entries", "slot_size",
     *  "header": {"req_prod", "req_event", "rsp_prod", "rsp_event"}, "unanswered", "problems": [...],
     *  "window": {"name", "from", "to", "width",
     *             "slots": [{"index", "slot", "as", "hex", "fields": {...}, "note"}]}}
     * </pre>
     * Indices are unsigned decimals; {@code from}/{@code to}/{@code index} are absent for {@code all}.
     *
     * @param d the page
     * @return the document
     */
    static Map<String, Object> page(RingDump d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ring", d.ring().option());
        m.put("bytes", d.bytes());
        m.put("entries", d.ring().geometry().entries());
        m.put("slot_size", d.ring().geometry().slotSize());
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("req_prod", u32(d.reqProd()));
        h.put("req_event", u32(d.reqEvent()));
        h.put("rsp_prod", u32(d.rspProd()));
        h.put("rsp_event", u32(d.rspEvent()));
        m.put("header", h);
        m.put("unanswered", d.unanswered());
        m.put("problems", d.problems());
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("name", d.window().option());
        if (d.window() != Window.ALL) {
            w.put("from", u32(d.from()));
            w.put("to", u32(d.from() + d.width()));
        }
        w.put("width", d.width());
        List<Object> slots = new ArrayList<>(d.rows().size());
        for (Row r : d.rows()) {
            Map<String, Object> s = new LinkedHashMap<>();
            if (r.index() != null) {
                s.put("index", r.index());
            }
            s.put("slot", r.slot());
            s.put("as", r.struct().cName());
            s.put("hex", r.hex());
            s.put("fields", r.fields().json());
            if (r.note() != null) {
                s.put("note", r.note());
            }
            slots.add(s);
        }
        w.put("slots", slots);
        m.put("window", w);
        return m;
    }

    /**
     * One structure: {@code {"kind", "bytes", "hex", "fields": {...}}}.
     *
     * @param struct what it is
     * @param hex its bytes in hex
     * @param fields its decoded fields
     * @return the document
     */
    static Map<String, Object> struct(Struct struct, String hex, SlotFields fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", struct.cName());
        m.put("bytes", struct.length());
        m.put("hex", hex);
        m.put("fields", fields.json());
        return m;
    }

    private static long u32(int v) {
        return Integer.toUnsignedLong(v);
    }
}

package dev.netifkit.cli.decode;

import java.io.PrintWriter;

/** The readable table of a decoded ring page or structure. */
final class DumpText {
    private DumpText() {
    }

    /**
     * Prints a page: geometry, header, problems, then the window's slots.
     *
     * @param d the page
     * @param out where
     */
    static void print(RingDump d, PrintWriter out) {
        out.println(d.ring().option() + " ring page: " + d.bytes() + " bytes, " + d.ring().geometry().entries()
                + " entries of " + d.ring().geometry().slotSize() + " bytes");
        new TextTable("header", "value")
                .row("req_prod", u32(d.reqProd()))
                .row("req_event", u32(d.reqEvent()))
                .row("rsp_prod", u32(d.rspProd()))
                .row("rsp_event", u32(d.rspEvent()))
                .row("req_prod - rsp_prod", Long.toString(d.unanswered()))
                .print(out, "  ");
        for (String p : d.problems()) {
            out.println("problem: " + p);
        }
        out.println();
        switch (d.window()) {
            case REQUESTS:
                out.println("requests [" + u32(d.from()) + ", " + u32(d.from() + d.width()) + "): " + d.width()
                        + " slots posted and not answered");
                break;
            case RESPONSES:
                out.println("responses [" + u32(d.from()) + ", " + u32(d.from() + d.width()) + "): the last "
                        + d.width() + " slots before rsp_prod");
                break;
            default:
                out.println("all " + d.width() + " slots, each as a request and as a response");
                break;
        }
        if (d.rows().isEmpty()) {
            out.println("  (none)");
            return;
        }
        TextTable t = new TextTable("index", "slot", "as", "hex", "fields", "note");
        for (Row r : d.rows()) {
            boolean repeat = d.window() == Window.ALL && r.struct() == d.ring().response();
            t.row(r.index() == null ? "" : r.index().toString(), repeat ? "" : Integer.toString(r.slot()),
                    r.struct().role(), repeat ? "" : r.hex(), r.fields().text(), r.note());
        }
        t.print(out, "  ");
    }

    /**
     * Prints one structure: a line naming it, then one row per field.
     *
     * @param struct what it is
     * @param hex its bytes in hex
     * @param fields its decoded fields
     * @param out where
     */
    static void printStruct(Struct struct, String hex, SlotFields fields, PrintWriter out) {
        out.println(struct.cName() + " (" + struct.length() + " bytes): " + hex);
        TextTable t = new TextTable("field", "value", "name");
        for (SlotFields.Field f : fields.fields()) {
            t.row(f.name(), f.label() == null ? f.text() : String.valueOf(f.value()), f.label());
        }
        t.print(out, "  ");
    }

    private static String u32(int v) {
        return Integer.toUnsignedString(v);
    }
}

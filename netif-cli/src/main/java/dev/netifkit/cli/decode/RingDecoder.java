package dev.netifkit.cli.decode;

import dev.netifkit.cli.InputException;
import dev.netifkit.proto.Hex;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.ring.RingGeometry;
import dev.netifkit.proto.ring.SringHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a ring page as its consumer would read it (ring.h / netif.h), without trusting it: every index is u32
 * wrap-around arithmetic (RING-3), a window wider than the ring is reported (RING-9) and clamped.
 *
 * <ul>
 *   <li>{@link Window#REQUESTS}: [rsp_prod, req_prod), requests posted and not yet answered. On the tx ring a
 *       packet's first request flagged extra_info is followed by extra-info slots while
 *       XEN_NETIF_EXTRA_FLAG_MORE is set, and more_data continues the packet into the next request — exactly as
 *       netback reads them (TX-1, TX-7).</li>
 *   <li>{@link Window#RESPONSES}: [rsp_prod − N, rsp_prod). Which slots still hold responses is not knowable
 *       from the page alone; the default N is every slot not holding an unanswered request,
 *       entries − (req_prod − rsp_prod), so older slots may show stale data of an earlier lap (or zeros on a
 *       fresh page). The window is taken to start at a packet boundary: on the rx ring extra-info slots follow a
 *       first response flagged extra_info (RX-3).</li>
 *   <li>{@link Window#ALL}: every slot, once as a request and once as a response.</li>
 * </ul>
 */
public final class RingDecoder {
    private final RingKind ring;
    private final RingGeometry geometry;
    private final ByteBuf page;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private RingDecoder(RingKind ring, ByteBuf page) {
        this.ring = ring;
        this.geometry = ring.geometry();
        this.page = page;
    }

    /**
     * Decodes a page.
     *
     * @param bytes the page, exactly {@link NetifConstants#PAGE_SIZE} bytes
     * @param ring which ring it is
     * @param window which slots to show
     * @param count for {@link Window#RESPONSES}: how many slots before rsp_prod, or null for the default
     * @return the decoded page
     * @throws InputException if the page has the wrong size or count exceeds the ring
     */
    public static RingDump decode(byte[] bytes, RingKind ring, Window window, Integer count) throws InputException {
        if (bytes.length != NetifConstants.PAGE_SIZE) {
            throw new InputException("page is " + bytes.length + " bytes, expected " + NetifConstants.PAGE_SIZE);
        }
        int entries = ring.geometry().entries();
        if (count != null && (count < 0 || count > entries)) {
            throw new InputException("--count " + count + " is outside 0.." + entries + " (the " + ring.option()
                    + " ring's entries)");
        }
        ByteBuf page = Unpooled.wrappedBuffer(bytes);
        try {
            return new RingDecoder(ring, page).run(window, count);
        } finally {
            page.release();
        }
    }

    private RingDump run(Window window, Integer count) {
        // A heap copy of a dump: SringHeader reads it with plain little-endian accesses and fences.
        SringHeader header = new SringHeader(page);
        int reqProd = header.reqProd();
        int reqEvent = header.reqEvent();
        int rspProd = header.rspProd();
        int rspEvent = header.rspEvent();
        int entries = geometry.entries();
        int unanswered = reqProd - rspProd;
        int requestWidth = unanswered;
        if (Integer.compareUnsigned(unanswered, entries) > 0) {
            // RING-9: the consumer of such a page treats its producer as broken; show one ring's worth.
            problems.add("RING-9: req_prod - rsp_prod = " + Integer.toUnsignedString(unanswered)
                    + " exceeds the ring's " + entries + " entries (request overflow: a backend treats this"
                    + " frontend as broken); the request window is clamped to " + entries + " slots");
            requestWidth = entries;
        }
        int from;
        int width;
        switch (window) {
            case REQUESTS:
                from = rspProd;
                width = requestWidth;
                chain(from, width, ring.request(), ring.chained(true));
                break;
            case RESPONSES:
                width = count != null ? count : entries - requestWidth;
                from = rspProd - width;
                chain(from, width, ring.response(), ring.chained(false));
                break;
            case ALL:
                from = 0;
                width = entries;
                all(rspProd, requestWidth);
                break;
            default:
                throw new IllegalStateException("unhandled window " + window);
        }
        return new RingDump(ring, page.capacity(), reqProd, reqEvent, rspProd, rspEvent, window, from, width,
                List.copyOf(rows), List.copyOf(problems));
    }

    /** Reads [from, from + width) as packets: first slot, its extra-info chain, more_data continuations. */
    private void chain(int from, int width, Struct main, boolean chained) {
        boolean first = true;
        int lastMain = 0;
        int i = 0;
        while (i < width) {
            int index = from + i;
            SlotFields f = main.decode(page, geometry.slotOffset(index));
            int flags = chained ? ((Number) f.field("flags").value()).intValue() : 0;
            rows.add(row(index, main, f, chained ? (first ? "packet start" : "continuation") : null));
            i++;
            if (chained && first && (flags & ring.extraInfoFlag()) != 0) {
                i = extras(index, from, i, width);
            }
            if (chained) {
                first = (flags & ring.moreDataFlag()) == 0;
                lastMain = index;
            }
        }
        if (chained && !first) {
            problems.add("the window ends inside a packet: index " + Integer.toUnsignedString(lastMain)
                    + " has more_data set and the next slot is past the window");
        }
    }

    /** Reads the extra-info slots following {@code owner}; returns the position after the chain. */
    private int extras(int owner, int from, int position, int width) {
        int i = position;
        int k = 0;
        boolean more = true;
        while (more) {
            if (i >= width) {
                problems.add("index " + Integer.toUnsignedString(owner) + " announces extra-info slots that run past"
                        + " the window");
                break;
            }
            int index = from + i;
            SlotFields x = Struct.NETIF_EXTRA_INFO.decode(page, geometry.slotOffset(index));
            k++;
            rows.add(row(index, Struct.NETIF_EXTRA_INFO, x, "extra " + k + " of index "
                    + Integer.toUnsignedString(owner)));
            more = (((Number) x.field("flags").value()).intValue() & NetifConstants.EXTRA_FLAG_MORE) != 0;
            i++;
        }
        return i;
    }

    /** Every slot both ways; request rows say which unanswered index, if any, the slot holds. */
    private void all(int rspProd, int requestWidth) {
        for (int slot = 0; slot < geometry.entries(); slot++) {
            int offset = geometry.slotOffset(slot);
            int ahead = (slot - rspProd) & geometry.mask();
            String note = Integer.compareUnsigned(ahead, requestWidth) < 0
                    ? "holds unanswered index " + Integer.toUnsignedString(rspProd + ahead) : null;
            String hex = Hex.encode(page, offset, geometry.slotSize());
            rows.add(new Row(null, slot, ring.request(), hex, ring.request().decode(page, offset), note));
            rows.add(new Row(null, slot, ring.response(), hex, ring.response().decode(page, offset), null));
        }
    }

    private Row row(int index, Struct struct, SlotFields fields, String note) {
        int offset = geometry.slotOffset(index);
        return new Row(Integer.toUnsignedLong(index), geometry.slot(index), struct,
                Hex.encode(page, offset, geometry.slotSize()), fields, note);
    }
}

package dev.netifkit.cli.decode;

import java.util.List;

/**
 * A decoded ring page: the header, one window of decoded slots, and what is wrong with the page.
 *
 * @param ring which ring
 * @param bytes the page size
 * @param reqProd req_prod (u32 in an int)
 * @param reqEvent req_event
 * @param rspProd rsp_prod
 * @param rspEvent rsp_event
 * @param window which slots were decoded
 * @param from the first index of the window (REQUESTS, RESPONSES), 0 for ALL
 * @param width slots in the window (after clamping)
 * @param rows the decoded slots in ring order
 * @param problems what the page gets wrong, each naming its clause (RING-9 …)
 */
public record RingDump(RingKind ring, int bytes, int reqProd, int reqEvent, int rspProd, int rspEvent,
                       Window window, int from, int width, List<Row> rows, List<String> problems) {

    /** @return req_prod − rsp_prod as u32: requests posted and not answered (more than entries: RING-9) */
    public long unanswered() {
        return Integer.toUnsignedLong(reqProd - rspProd);
    }
}

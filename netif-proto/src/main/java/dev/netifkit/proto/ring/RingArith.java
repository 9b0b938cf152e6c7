package dev.netifkit.proto.ring;

/**
 * The bookkeeping predicates of ring.h on free-running u32 indices (RING-3, RING-6, RING-9).
 *
 * <p>Every subtraction wraps like C's {@code RING_IDX} arithmetic; every comparison is unsigned. These are the
 * macros' exact results, also for states a well-behaved peer never produces (the vectors check them).
 */
public final class RingArith {
    private RingArith() {
    }

    /**
     * {@code RING_FREE_REQUESTS}: size − (req_prod_pvt − rsp_cons), as u32.
     *
     * @param size ring entries
     * @param reqProdPvt the frontend's private request producer
     * @param rspCons the frontend's response consumer
     * @return free request slots (a huge u32 when the state is impossible)
     */
    public static int freeRequests(int size, int reqProdPvt, int rspCons) {
        return size - (reqProdPvt - rspCons);
    }

    /**
     * {@code RING_HAS_UNCONSUMED_RESPONSES}: rsp_prod − rsp_cons, as u32.
     *
     * @param rspProd the published response producer
     * @param rspCons the frontend's response consumer
     * @return unconsumed responses
     */
    public static int unconsumedResponses(int rspProd, int rspCons) {
        return rspProd - rspCons;
    }

    /**
     * {@code RING_HAS_UNCONSUMED_REQUESTS}: min(req_prod − req_cons, size − (req_cons − rsp_prod_pvt)), unsigned.
     *
     * @param size ring entries
     * @param reqProd the published request producer
     * @param reqCons the backend's request consumer
     * @param rspProdPvt the backend's private response producer
     * @return requests the backend may consume now
     */
    public static int unconsumedRequests(int size, int reqProd, int reqCons, int rspProdPvt) {
        int req = reqProd - reqCons;
        int rsp = size - (reqCons - rspProdPvt);
        return Integer.compareUnsigned(req, rsp) < 0 ? req : rsp;
    }

    /**
     * {@code RING_REQUEST_CONS_OVERFLOW}: (cons − rsp_prod_pvt) ≥ size, unsigned.
     *
     * @param size ring entries
     * @param cons a request consumer index
     * @param rspProdPvt the backend's private response producer
     * @return true if consuming at {@code cons} would overrun unanswered requests
     */
    public static boolean requestConsOverflow(int size, int cons, int rspProdPvt) {
        return Integer.compareUnsigned(cons - rspProdPvt, size) >= 0;
    }

    /**
     * {@code RING_REQUEST_PROD_OVERFLOW}: (prod − rsp_prod_pvt) &gt; size, unsigned (RING-9, BK-1).
     *
     * @param size ring entries
     * @param prod the published request producer
     * @param rspProdPvt the backend's private response producer
     * @return true if the frontend claims more outstanding requests than the ring holds
     */
    public static boolean requestProdOverflow(int size, int prod, int rspProdPvt) {
        return Integer.compareUnsigned(prod - rspProdPvt, size) > 0;
    }

    /**
     * {@code RING_RESPONSE_PROD_OVERFLOW}: (prod − rsp_cons) &gt; size, unsigned (RING-9, FR-1).
     *
     * @param size ring entries
     * @param prod the published response producer
     * @param rspCons the frontend's response consumer
     * @return true if the backend claims more responses than the ring holds
     */
    public static boolean responseProdOverflow(int size, int prod, int rspCons) {
        return Integer.compareUnsigned(prod - rspCons, size) > 0;
    }

    /**
     * The push-and-check rule (RING-6): after moving a producer from {@code oldProd} to {@code newProd}, notify
     * iff (new − event) &lt; (new − old), unsigned.
     *
     * @param oldProd the producer before the push
     * @param newProd the producer after the push
     * @param event the peer's event index
     * @return true if the peer asked to be notified for an index in (old, new]
     */
    public static boolean needsNotify(int oldProd, int newProd, int event) {
        return Integer.compareUnsigned(newProd - event, newProd - oldProd) < 0;
    }
}

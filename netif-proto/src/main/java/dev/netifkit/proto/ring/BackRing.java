package dev.netifkit.proto.ring;

import io.netty.buffer.ByteBuf;

/**
 * The backend's end of a shared ring (ring.h {@code struct back_ring}): it consumes requests and produces
 * responses.
 *
 * <p>The backend never initialises the page (RING-4): it attaches at the index the page holds. Requests are
 * copied out of the page once ({@link #copyRequest(int, ByteBuf, int)}, RING-8) after {@link #requestProducer()}
 * has been read, and checked against {@link #requestProdOverflow(int)} (RING-9). Not thread-safe: one backend
 * context drives it.
 */
public final class BackRing {
    private final ByteBuf page;
    private final RingGeometry geometry;
    private final SringHeader header;
    private int reqCons;
    private int rspProdPvt;
    private int rspProdPublished;

    private BackRing(ByteBuf page, RingGeometry geometry, int start) {
        if (page.capacity() < geometry.ringBytes()) {
            throw new IllegalArgumentException("ring page of " + page.capacity() + " bytes is shorter than " + geometry);
        }
        this.page = page;
        this.geometry = geometry;
        this.header = new SringHeader(page);
        this.reqCons = start;
        this.rspProdPvt = start;
        this.rspProdPublished = start;
    }

    /**
     * Attaches at index {@code start} ({@code BACK_RING_ATTACH}).
     *
     * @param page the mapped page
     * @param geometry the ring's geometry
     * @param start req_cons and rsp_prod_pvt
     * @return the back ring
     */
    public static BackRing attach(ByteBuf page, RingGeometry geometry, int start) {
        return new BackRing(page, geometry, start);
    }

    /**
     * Attaches at the index the page's rsp_prod holds: where a frontend that initialised the page at any start
     * index left it (netback does this when it connects).
     *
     * @param page the mapped page
     * @param geometry the ring's geometry
     * @return the back ring
     */
    public static BackRing attachAtResponseProducer(ByteBuf page, RingGeometry geometry) {
        return new BackRing(page, geometry, new SringHeader(page).rspProd());
    }

    /**
     * Sets the private indices, for tools and tests replaying a captured state.
     *
     * @param reqCons the request consumer
     * @param rspProdPvt the private response producer (also taken as the last published)
     */
    public void restore(int reqCons, int rspProdPvt) {
        this.reqCons = reqCons;
        this.rspProdPvt = rspProdPvt;
        this.rspProdPublished = rspProdPvt;
    }

    /** @return the shared page */
    public ByteBuf page() {
        return page;
    }

    /** @return the geometry */
    public RingGeometry geometry() {
        return geometry;
    }

    /** @return the shared header */
    public SringHeader header() {
        return header;
    }

    /** @return ring entries */
    public int size() {
        return geometry.entries();
    }

    /** @return the request consumer: the index of the next request to read */
    public int reqCons() {
        return reqCons;
    }

    /** @return the private response producer: the index of the next response to write */
    public int rspProdPvt() {
        return rspProdPvt;
    }

    /** @return the shared req_prod, read with acquire order (slots up to it may be read after this) */
    public int requestProducer() {
        return header.reqProd();
    }

    /** @return {@code RING_HAS_UNCONSUMED_REQUESTS} against the shared req_prod */
    public int unconsumedRequests() {
        return RingArith.unconsumedRequests(geometry.entries(), header.reqProd(), reqCons, rspProdPvt);
    }

    /**
     * {@code RING_REQUEST_PROD_OVERFLOW} (RING-9, BK-1).
     *
     * @param prod a request producer value read from the page
     * @return true if the frontend claims more outstanding requests than the ring holds
     */
    public boolean requestProdOverflow(int prod) {
        return RingArith.requestProdOverflow(geometry.entries(), prod, rspProdPvt);
    }

    /**
     * {@code RING_REQUEST_CONS_OVERFLOW}.
     *
     * @param cons a request consumer index
     * @return true if consuming at {@code cons} would overrun requests not yet answered
     */
    public boolean requestConsOverflow(int cons) {
        return RingArith.requestConsOverflow(geometry.entries(), cons, rspProdPvt);
    }

    /**
     * Copies the slot of a ring index out of shared memory (RING-8): validate and use the copy, never the page.
     *
     * @param index a u32 ring index
     * @param dst a private buffer
     * @param dstOffset where the copy goes
     */
    public void copyRequest(int index, ByteBuf dst, int dstOffset) {
        page.getBytes(geometry.slotOffset(index), dst, dstOffset, geometry.slotSize());
    }

    /**
     * Accounts for consumed requests.
     *
     * @param count requests consumed
     */
    public void consumeRequests(int count) {
        reqCons += count;
    }

    /**
     * Byte offset of the slot of a ring index.
     *
     * @param index a u32 ring index
     * @return the slot's offset in the page
     */
    public int responseOffset(int index) {
        return geometry.slotOffset(index);
    }

    /** @return byte offset of the slot at rsp_prod_pvt, where the next response goes */
    public int nextResponseOffset() {
        return geometry.slotOffset(rspProdPvt);
    }

    /**
     * Accounts for responses written at rsp_prod_pvt (not yet visible to the frontend).
     *
     * @param count responses written
     */
    public void advanceResponses(int count) {
        rspProdPvt += count;
    }

    /**
     * {@code RING_PUSH_RESPONSES_AND_CHECK_NOTIFY} (RING-5, RING-6): publishes rsp_prod with release order, then,
     * after a full fence, applies the push-and-check rule to the frontend's rsp_event.
     *
     * @return true if the frontend must be notified
     */
    public boolean pushResponses() {
        int old = rspProdPublished;
        int now = rspProdPvt;
        header.rspProd(now);
        rspProdPublished = now;
        SringHeader.fullFence();
        return RingArith.needsNotify(old, now, header.rspEvent());
    }

    /**
     * {@code RING_FINAL_CHECK_FOR_REQUESTS} (RING-6): if nothing is unconsumed, set req_event = req_cons + 1,
     * fence, and check again.
     *
     * @return true if there is work
     */
    public boolean finalCheckForRequests() {
        if (unconsumedRequests() != 0) {
            return true;
        }
        header.reqEvent(reqCons + 1);
        SringHeader.fullFence();
        return unconsumedRequests() != 0;
    }

    /**
     * Sets req_event to ask for a notification when the request producer passes {@code value − 1}, e.g.
     * req_prod + 1 while waiting for enough rx requests (BK-13), followed by a full fence.
     *
     * @param value the new req_event
     */
    public void requestEvent(int value) {
        header.reqEvent(value);
        SringHeader.fullFence();
    }

    @Override
    public String toString() {
        return "BackRing[req_cons=" + Integer.toUnsignedString(reqCons) + ", rsp_prod_pvt="
                + Integer.toUnsignedString(rspProdPvt) + ", " + geometry + "]";
    }
}

package dev.netifkit.proto.ring;

import io.netty.buffer.ByteBuf;

/**
 * The frontend's end of a shared ring (ring.h {@code struct front_ring}): it produces requests and consumes
 * responses.
 *
 * <p>Requests are written into {@link #requestOffset(int)} of the page and published by {@link #pushRequests()};
 * responses are copied out of the page once ({@link #copyResponse(int, ByteBuf, int)}, RING-8) after
 * {@link #responseProducer()} has been read. Not thread-safe: one frontend context drives it.
 */
public final class FrontRing {
    private final ByteBuf page;
    private final RingGeometry geometry;
    private final SringHeader header;
    private int reqProdPvt;
    private int reqProdPublished;
    private int rspCons;

    private FrontRing(ByteBuf page, RingGeometry geometry, int start) {
        if (page.capacity() < geometry.ringBytes()) {
            throw new IllegalArgumentException("ring page of " + page.capacity() + " bytes is shorter than " + geometry);
        }
        this.page = page;
        this.geometry = geometry;
        this.header = new SringHeader(page);
        this.reqProdPvt = start;
        this.reqProdPublished = start;
        this.rspCons = start;
    }

    /**
     * Initialises a fresh page (RING-4) and attaches to it: {@code SHARED_RING_INIT} + {@code FRONT_RING_INIT}.
     *
     * @param page the frontend's page
     * @param geometry the ring's geometry
     * @param start the first index (0 normally)
     * @return the front ring
     */
    public static FrontRing init(ByteBuf page, RingGeometry geometry, int start) {
        FrontRing ring = new FrontRing(page, geometry, start);
        ring.header.init(start);
        return ring;
    }

    /**
     * Attaches to a page that is already in use at index {@code start} ({@code FRONT_RING_ATTACH}).
     *
     * @param page the page
     * @param geometry the ring's geometry
     * @param start req_prod_pvt and rsp_cons
     * @return the front ring
     */
    public static FrontRing attach(ByteBuf page, RingGeometry geometry, int start) {
        return new FrontRing(page, geometry, start);
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

    /** @return the private request producer: the index of the next request to write */
    public int reqProdPvt() {
        return reqProdPvt;
    }

    /** @return the response consumer: the index of the next response to read */
    public int rspCons() {
        return rspCons;
    }

    /** @return {@code RING_FREE_REQUESTS}: request slots that may be written now (RING-7) */
    public int freeRequests() {
        return RingArith.freeRequests(geometry.entries(), reqProdPvt, rspCons);
    }

    /** @return true if no request slot is free */
    public boolean full() {
        return freeRequests() == 0;
    }

    /**
     * Byte offset of the slot of a ring index.
     *
     * @param index a u32 ring index
     * @return the slot's offset in the page
     */
    public int requestOffset(int index) {
        return geometry.slotOffset(index);
    }

    /** @return byte offset of the slot at req_prod_pvt, where the next request goes */
    public int nextRequestOffset() {
        return geometry.slotOffset(reqProdPvt);
    }

    /**
     * Accounts for requests written at req_prod_pvt (not yet visible to the backend).
     *
     * @param count requests written
     */
    public void advanceRequests(int count) {
        reqProdPvt += count;
    }

    /**
     * {@code RING_PUSH_REQUESTS_AND_CHECK_NOTIFY} (RING-5, RING-6): publishes req_prod with release order, then,
     * after a full fence, applies the push-and-check rule to the backend's req_event.
     *
     * @return true if the backend must be notified
     */
    public boolean pushRequests() {
        int old = reqProdPublished;
        int now = reqProdPvt;
        header.reqProd(now);
        reqProdPublished = now;
        SringHeader.fullFence();
        return RingArith.needsNotify(old, now, header.reqEvent());
    }

    /** @return the shared rsp_prod, read with acquire order (slots up to it may be read after this) */
    public int responseProducer() {
        return header.rspProd();
    }

    /** @return {@code RING_HAS_UNCONSUMED_RESPONSES} against the shared rsp_prod */
    public int unconsumedResponses() {
        return RingArith.unconsumedResponses(header.rspProd(), rspCons);
    }

    /**
     * {@code RING_RESPONSE_PROD_OVERFLOW} (RING-9, FR-1).
     *
     * @param prod a response producer value read from the page
     * @return true if the backend claims more responses than the ring holds
     */
    public boolean responseProdOverflow(int prod) {
        return RingArith.responseProdOverflow(geometry.entries(), prod, rspCons);
    }

    /**
     * Copies the slot of a ring index out of shared memory (RING-8): validate and use the copy, never the page.
     *
     * @param index a u32 ring index
     * @param dst a private buffer
     * @param dstOffset where the copy goes
     */
    public void copyResponse(int index, ByteBuf dst, int dstOffset) {
        page.getBytes(geometry.slotOffset(index), dst, dstOffset, geometry.slotSize());
    }

    /**
     * Accounts for consumed responses.
     *
     * @param count responses consumed
     */
    public void consumeResponses(int count) {
        rspCons += count;
    }

    /**
     * {@code RING_FINAL_CHECK_FOR_RESPONSES} (RING-6): if nothing is unconsumed, set rsp_event = rsp_cons + 1,
     * fence, and check again.
     *
     * @return true if there is work
     */
    public boolean finalCheckForResponses() {
        if (unconsumedResponses() != 0) {
            return true;
        }
        header.rspEvent(rspCons + 1);
        SringHeader.fullFence();
        return unconsumedResponses() != 0;
    }

    /**
     * Sets rsp_event to ask for a notification when the response producer passes {@code value − 1}.
     *
     * @param value the new rsp_event
     */
    public void responseEvent(int value) {
        header.rspEvent(value);
        SringHeader.fullFence();
    }

    @Override
    public String toString() {
        return "FrontRing[req_prod_pvt=" + Integer.toUnsignedString(reqProdPvt) + ", rsp_cons="
                + Integer.toUnsignedString(rspCons) + ", " + geometry + "]";
    }
}

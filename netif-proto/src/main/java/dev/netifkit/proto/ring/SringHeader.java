package dev.netifkit.proto.ring;

import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Access to the four shared indices of a ring page with the memory ordering ring.h gives them (RING-5, RING-6).
 *
 * <p>On a direct, 4-byte-aligned page (every frame of the emulated hypervisor) the indices are read with acquire
 * and written with release semantics through a little-endian {@link VarHandle} view, so a frontend and a backend
 * on different threads share the ring safely. Any other buffer (a heap copy of a ring dump in the CLI, say) gets
 * plain little-endian access bracketed by the equivalent fences.
 */
public final class SringHeader {
    private static final VarHandle INT_LE = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final ByteBuf page;
    private final ByteBuffer nio;

    /**
     * Views the header at index 0 of a ring page.
     *
     * @param page the shared page (at least 64 bytes); writable unless only read
     */
    public SringHeader(ByteBuf page) {
        if (page.capacity() < SringHeaderLayout.LENGTH) {
            throw new IllegalArgumentException("ring page of " + page.capacity() + " bytes is shorter than the "
                    + SringHeaderLayout.LENGTH + "-byte header");
        }
        this.page = page;
        this.nio = atomicView(page);
    }

    private static ByteBuffer atomicView(ByteBuf page) {
        if (!page.isDirect() || page.nioBufferCount() != 1) {
            return null;
        }
        ByteBuffer bb = page.nioBuffer(0, SringHeaderLayout.LENGTH);
        try {
            // Throws IllegalStateException when the address is not 4-byte aligned.
            int unused = (int) INT_LE.getAcquire(bb, SringHeaderLayout.REQ_PROD_OFFSET);
            return bb;
        } catch (IllegalStateException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * Whether indices go through atomic VarHandle access (true for direct aligned pages).
     *
     * @return true if acquire/release are per-access, false if fences bracket plain accesses
     */
    public boolean atomic() {
        return nio != null;
    }

    /** @return the page this header belongs to */
    public ByteBuf page() {
        return page;
    }

    private int getAcquire(int offset) {
        if (nio != null) {
            return (int) INT_LE.getAcquire(nio, offset);
        }
        int v = page.getIntLE(offset);
        VarHandle.acquireFence();
        return v;
    }

    private void setRelease(int offset, int value) {
        if (nio != null) {
            INT_LE.setRelease(nio, offset, value);
        } else {
            VarHandle.releaseFence();
            page.setIntLE(offset, value);
        }
    }

    /** @return req_prod, read with acquire semantics */
    public int reqProd() {
        return getAcquire(SringHeaderLayout.REQ_PROD_OFFSET);
    }

    /** @param value req_prod, written with release semantics */
    public void reqProd(int value) {
        setRelease(SringHeaderLayout.REQ_PROD_OFFSET, value);
    }

    /** @return req_event, read with acquire semantics */
    public int reqEvent() {
        return getAcquire(SringHeaderLayout.REQ_EVENT_OFFSET);
    }

    /** @param value req_event, written with release semantics */
    public void reqEvent(int value) {
        setRelease(SringHeaderLayout.REQ_EVENT_OFFSET, value);
    }

    /** @return rsp_prod, read with acquire semantics */
    public int rspProd() {
        return getAcquire(SringHeaderLayout.RSP_PROD_OFFSET);
    }

    /** @param value rsp_prod, written with release semantics */
    public void rspProd(int value) {
        setRelease(SringHeaderLayout.RSP_PROD_OFFSET, value);
    }

    /** @return rsp_event, read with acquire semantics */
    public int rspEvent() {
        return getAcquire(SringHeaderLayout.RSP_EVENT_OFFSET);
    }

    /** @param value rsp_event, written with release semantics */
    public void rspEvent(int value) {
        setRelease(SringHeaderLayout.RSP_EVENT_OFFSET, value);
    }

    /**
     * ring.h's {@code SHARED_RING_INIT} at a starting index (RING-4): req_prod = rsp_prod = start,
     * req_event = rsp_event = start + 1, private and pad bytes zero. Only a frontend initialises a page.
     *
     * @param start the first index both sides will use (0 normally; anywhere for RING-3 tests)
     */
    public void init(int start) {
        page.setZero(SringHeaderLayout.PRIVATE_OFFSET, SringHeaderLayout.PRIVATE_LENGTH + SringHeaderLayout.PAD_LENGTH);
        reqEvent(start + 1);
        rspEvent(start + 1);
        rspProd(start);
        reqProd(start);
    }

    /**
     * A full fence: ring.h's {@code xen_mb()} between publishing an index and reading the peer's event index, and
     * between setting one's own event index and re-checking the peer's producer.
     */
    public static void fullFence() {
        VarHandle.fullFence();
    }
}

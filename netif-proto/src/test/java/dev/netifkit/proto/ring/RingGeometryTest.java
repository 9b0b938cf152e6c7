package dev.netifkit.proto.ring;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingGeometryTest {

    @Test
    void ring2_entriesRoundDownToAPowerOfTwo() {
        assertEquals(256, RingGeometry.entriesFor(12, 4096));
        assertEquals(512, RingGeometry.entriesFor(8, 5000));
        assertEquals(0, RingGeometry.entriesFor(16, 76));
        assertEquals(1, RingGeometry.entriesFor(12, 76));
        assertEquals(0, RingGeometry.entriesFor(12, 10));
        assertEquals(65536, RingGeometry.entriesFor(12, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> RingGeometry.of(16, 76));
        assertThrows(IllegalArgumentException.class, () -> RingGeometry.entriesFor(0, 4096));
    }

    @Test
    void ring3_slotOffsetOfIndicesNearTwoToTheThirtyTwo() {
        RingGeometry tx = RingGeometry.TX;
        assertEquals(64 + 255 * 12, tx.slotOffset(-1));
        assertEquals(64, tx.slotOffset(0));
        assertEquals(64 + 12, tx.slotOffset(257));
    }

    @Test
    void ring4_initWritesStartIndicesAndZeroesPrivateAndPad() {
        ByteBuf page = Unpooled.directBuffer(4096).writeZero(4096);
        try {
            page.setByte(20, 0x55);
            FrontRing f = FrontRing.init(page, RingGeometry.TX, -2);
            assertEquals(-2, page.getIntLE(0));
            assertEquals(-1, page.getIntLE(4));
            assertEquals(-2, page.getIntLE(8));
            assertEquals(-1, page.getIntLE(12));
            assertEquals(0, page.getByte(20));
            assertEquals(256, f.freeRequests());
        } finally {
            page.release();
        }
    }

    @Test
    void ring5_directPagesUseAtomicIndexAccessHeapPagesUseFences() {
        ByteBuf direct = Unpooled.directBuffer(4096).writeZero(4096);
        ByteBuf heap = Unpooled.buffer(4096).writeZero(4096);
        try {
            assertTrue(new SringHeader(direct).atomic());
            assertFalse(new SringHeader(heap).atomic());
            SringHeader h = new SringHeader(heap);
            h.rspProd(7);
            assertEquals(7, h.rspProd());
            assertEquals(7, heap.getIntLE(SringHeaderLayout.RSP_PROD_OFFSET));
        } finally {
            direct.release();
            heap.release();
        }
    }

    @Test
    void ring6_pushAndFinalCheckAcrossTheWrap() {
        ByteBuf page = Unpooled.directBuffer(4096).writeZero(4096);
        try {
            int start = -3;
            FrontRing front = FrontRing.init(page, RingGeometry.RX, start);
            BackRing back = BackRing.attachAtResponseProducer(page, RingGeometry.RX);
            assertFalse(back.finalCheckForRequests());
            assertEquals(start + 1, page.getIntLE(SringHeaderLayout.REQ_EVENT_OFFSET));
            front.advanceRequests(5);
            assertTrue(front.pushRequests(), "req_event = start + 1 lies in (start, start + 5]");
            assertEquals(5, back.unconsumedRequests());
            back.consumeRequests(5);
            back.advanceResponses(5);
            assertTrue(back.pushResponses());
            assertEquals(5, front.unconsumedResponses());
            front.consumeResponses(5);
            assertFalse(front.finalCheckForResponses());
            assertEquals(start + 6, page.getIntLE(SringHeaderLayout.RSP_EVENT_OFFSET));
            assertEquals(2, front.rspCons());
        } finally {
            page.release();
        }
    }

    @Test
    void ring9_overflowPredicates() {
        assertTrue(RingArith.requestProdOverflow(256, 257, 0));
        assertFalse(RingArith.requestProdOverflow(256, 256, 0));
        assertTrue(RingArith.requestProdOverflow(256, 5, 10), "a producer behind the consumer wraps to huge");
        assertTrue(RingArith.responseProdOverflow(256, 0x80000000, 0));
        assertFalse(RingArith.responseProdOverflow(256, 2, -254));
    }
}

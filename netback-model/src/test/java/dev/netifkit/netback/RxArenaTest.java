package dev.netifkit.netback;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.sched.DeterministicScheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** BK-14 support: every RX data slot is one copy from one local frame; memory is reused while hot. */
class RxArenaTest {
    private final Domain dom0 = new Hypervisor(new DeterministicScheduler(0)).createDomain(0, "backend");

    @Test
    void bk14_smallPacketsPackIntoAFrameWithoutStraddling() {
        RxArena arena = new RxArena(dom0, 4);
        try {
            int a = arena.allocate(3000);
            int b = arena.allocate(1000);
            int c = arena.allocate(200); // 4000 + 200 > 4096: another frame
            assertSame(arena.frame(a, 0), arena.frame(b, 0));
            assertEquals(0, RxArena.offset(a));
            assertEquals(3000, RxArena.offset(b));
            assertNotSame(arena.frame(a, 0), arena.frame(c, 0));
            assertEquals(0, RxArena.offset(c));
        } finally {
            arena.close();
        }
    }

    @Test
    void bk14_largePacketsTakeWholeFramesAndMemoryRunsOut() {
        RxArena arena = new RxArena(dom0, 4);
        try {
            int small = arena.allocate(100);
            int big = arena.allocate(9000);
            assertEquals(0, RxArena.offset(big), "a packet over a page starts on a frame");
            assertNotSame(arena.frame(big, 0), arena.frame(big, 1));
            assertNotSame(arena.frame(big, 1), arena.frame(big, 2));
            assertEquals(-1, arena.allocate(4096), "one open frame + three for the big packet: nothing left");
            arena.release(big, 9000);
            arena.release(small, 100);
            int again = arena.allocate(12000);
            assertEquals(0, RxArena.offset(again));
        } finally {
            arena.close();
        }
    }

    @Test
    void bk14_freedMemoryIsReusedFirst() {
        RxArena arena = new RxArena(dom0, 8);
        try {
            int a = arena.allocate(2000);
            arena.release(a, 2000);
            int b = arena.allocate(2000);
            assertSame(arena.frame(a, 0), arena.frame(b, 0), "the emptied open frame is refilled from its start");
            assertEquals(0, RxArena.offset(b));
        } finally {
            arena.close();
        }
    }

    @Test
    void bk14_bytesOfALargePacketLandChunkByChunk() {
        RxArena arena = new RxArena(dom0, 3);
        ByteBuf data = Unpooled.buffer(5000);
        for (int i = 0; i < 5000; i++) {
            data.writeByte(i);
        }
        try {
            int at = arena.allocate(5000);
            arena.write(at, data, 0, 5000);
            assertEquals(4095 & 0xFF, arena.frame(at, 0).buf().getUnsignedByte(4095));
            assertEquals(4096 & 0xFF, arena.frame(at, 1).buf().getUnsignedByte(0));
            assertEquals(4999 & 0xFF, arena.frame(at, 1).buf().getUnsignedByte(4999 - 4096));
        } finally {
            data.release();
            arena.close();
        }
    }
}

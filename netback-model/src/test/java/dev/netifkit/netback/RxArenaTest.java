package dev.netifkit.netback;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.sched.DeterministicScheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BK-14 support: every RX data slot is one copy from one local frame, so packets never straddle frames badly. */
class RxArenaTest {
    private final Domain dom0 = new Hypervisor(new DeterministicScheduler(0)).createDomain(0, "backend");

    @Test
    void bk14_smallPacketsPackIntoAFrameWithoutStraddling() {
        RxArena arena = new RxArena(dom0, 4);
        try {
            long a = arena.allocate(3000);
            long b = arena.allocate(1000);
            long c = arena.allocate(200); // 4000 + 200 > 4096: starts the next frame
            assertEquals(0, a);
            assertEquals(3000, b);
            assertEquals(4096, c);
            assertEquals(0, RxArena.offset(c));
        } finally {
            arena.close();
        }
    }

    @Test
    void bk14_largePacketsStartOnAFrameAndWrapAroundTheRing() {
        RxArena arena = new RxArena(dom0, 4);
        try {
            assertEquals(0, arena.allocate(100));
            long big = arena.allocate(9000);
            assertEquals(4096, big, "a packet over a page starts on a frame boundary");
            assertEquals(-1, arena.allocate(4096), "4 frames: 100 + skip + 9000 leave no whole frame");
            arena.release(100);
            arena.release(big + 9000);
            long again = arena.allocate(12000);
            assertTrue(again >= 0, "everything released: room again");
            assertEquals(0, RxArena.offset(again));
        } finally {
            arena.close();
        }
    }

    @Test
    void bk14_bytesWrittenAcrossFramesLandInTheRightFrames() {
        RxArena arena = new RxArena(dom0, 3);
        ByteBuf data = Unpooled.buffer(5000);
        for (int i = 0; i < 5000; i++) {
            data.writeByte(i);
        }
        try {
            long at = arena.allocate(5000);
            arena.write(at, data, 0, 5000);
            assertEquals(4095 & 0xFF, arena.frame(at + 4095).buf().getUnsignedByte(4095));
            assertEquals(4096 & 0xFF, arena.frame(at + 4096).buf().getUnsignedByte(0));
            assertEquals(4999 & 0xFF, arena.frame(at + 4999).buf().getUnsignedByte(4999 - 4096));
        } finally {
            data.release();
            arena.close();
        }
    }
}

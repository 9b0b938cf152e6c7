package dev.netifkit.hv;

import dev.netifkit.hv.grant.GntStatus;
import dev.netifkit.hv.xenstore.XenStoreConnection;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HypervisorTest {
    private final Hypervisor hv = Fixtures.hypervisor();

    @Test
    void createDomainChecksItsArguments() {
        Domain d = hv.createDomain(0x7FEF, "last");
        assertSame(d, hv.domain(0x7FEF));
        assertThrows(IllegalArgumentException.class, () -> hv.createDomain(0x7FEF, "again"));
        assertThrows(IllegalArgumentException.class, () -> hv.createDomain(0x7FF0, "reserved"));
        assertThrows(IllegalArgumentException.class, () -> hv.createDomain(-1, "negative"));
        assertThrows(IllegalArgumentException.class, () -> hv.createDomain(5, null));
        assertNull(hv.domain(3));
        assertNull(hv.domain(-1));
        assertNull(hv.domain(Integer.MAX_VALUE));
        hv.createDomain(3, "three");
        assertEquals(List.of(3, 0x7FEF), hv.domains().stream().map(Domain::domid).toList());
        XenStoreConnection ts = hv.xenStore().toolstack();
        assertEquals("three", ts.read("/local/domain/3/name"));
        assertEquals("three", hv.domain(3).xenStore().read("/local/domain/3/name"));
        assertSame(hv.scheduler(), d.scheduler());
    }

    @Test
    void framesArePageAlignedZeroedNumberedFromOneAndReused() {
        Domain d = hv.createDomain(1, "d");
        Frame a = d.allocateFrame();
        Frame b = d.allocateFrame();
        assertEquals(1, a.number());
        assertEquals(2, b.number());
        assertEquals(4096, a.buf().capacity());
        assertTrue(a.buf().isDirect());
        assertTrue(a.nio().isDirect());
        assertEquals(0, a.nio().alignmentOffset(0, 4096), "frame memory must be page aligned");
        for (int i = 0; i < 4096; i++) {
            a.buf().setByte(i, 0xAA);
        }
        assertEquals(2, d.frameCount());
        d.freeFrame(a);
        assertEquals(1, d.frameCount());
        assertFalse(a.isLive());
        assertThrows(IllegalReferenceCountException.class, () -> a.buf().getByte(0), "use after free");
        Frame c = d.allocateFrame();
        assertEquals(1, c.number(), "memory and number reused");
        for (int i = 0; i < 4096; i++) {
            assertEquals(0, c.buf().getByte(i), "reused frame not zeroed at " + i);
        }
        // many frames: more chunks
        for (int i = 0; i < 100; i++) {
            assertEquals(0, d.allocateFrame().nio().alignmentOffset(0, 4096));
        }
        assertEquals(102, d.frameCount());
    }

    @Test
    void freeFrameOfAnotherDomainIsMisuse() {
        Domain d = hv.createDomain(1, "d");
        Domain e = hv.createDomain(2, "e");
        Frame f = e.allocateFrame();
        assertThrows(IllegalArgumentException.class, () -> d.freeFrame(f));
        assertThrows(IllegalArgumentException.class, () -> d.freeFrame(null));
    }

    @Test
    void destroyDomainReleasesEverything() {
        Domain front = hv.createDomain(1, "front");
        Domain back = hv.createDomain(2, "back");
        Frame f = front.allocateFrame();
        int ref = front.grantTable().allocateRef();
        front.grantTable().grantAccess(ref, 1, f, false);
        int h = front.mapGrant(1, ref, false);
        assertTrue(h >= 0);
        int port = back.events().allocUnbound(1);
        int fport = front.events().bindInterdomain(2, port);
        assertTrue(fport > 0);
        int[] fired = new int[1];
        front.xenStore().watch("/local/domain/1", "t", (p, t) -> fired[0]++);
        Fixtures.sched(hv).runUntilIdle();
        assertEquals(1, fired[0]);

        hv.destroyDomain(1);
        assertNull(hv.domain(1));
        assertTrue(front.isDestroyed());
        assertEquals(0, front.activeMappingCount());
        assertThrows(IllegalReferenceCountException.class, () -> f.buf().getByte(0));
        assertFalse(back.events().isBound(port), "the peer's end becomes unbound");
        assertTrue(back.events().notify(port) < 0);
        assertNull(hv.xenStore().toolstack().read("/local/domain/1/name"));
        Fixtures.sched(hv).runUntilIdle();
        assertEquals(1, fired[0], "a destroyed domain's watches are cancelled");
        assertThrows(IllegalStateException.class, front::allocateFrame);
        assertThrows(IllegalStateException.class, () -> front.unmapGrant(h));
        assertEquals(GntStatus.BAD_DOMAIN, back.mapGrant(1, ref, true));
        assertThrows(IllegalArgumentException.class, () -> hv.destroyDomain(1));
        assertNotNull(hv.createDomain(1, "reborn"));
    }
}

package dev.netifkit.hv.grant;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Fixtures;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.Hypervisor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantTableTest {
    private final Hypervisor hv = Fixtures.hypervisor();
    private final Domain front = hv.createDomain(1, "front");
    private final Domain back = hv.createDomain(2, "back");
    private final GrantTable gt = front.grantTable();

    @Test
    void gnt1_specificRefsAreAllocatedOnceGrowTheTableAndNeverReserved() {
        assertTrue(gt.allocateSpecificRef(8));
        assertFalse(gt.allocateSpecificRef(8), "already allocated");
        assertFalse(gt.allocateSpecificRef(7), "reserved");
        assertFalse(gt.allocateSpecificRef(-1));
        assertFalse(gt.allocateSpecificRef(GrantTable.DEFAULT_MAX_FRAMES * 512), "beyond the maximum size");
        assertTrue(gt.allocateSpecificRef(2000));
        assertEquals(2048, gt.size(), "grown to hold ref 2000");
        Set<Integer> seen = new HashSet<>();
        int ref;
        while ((ref = gt.allocateRef()) != -1) {
            assertTrue(ref != 8 && ref != 2000, "ref " + ref + " handed out twice");
            assertTrue(seen.add(ref));
        }
        assertEquals(GrantTable.DEFAULT_MAX_FRAMES * 512 - 8 - 2, seen.size());
    }

    @Test
    void gnt1_reservedRefsNeverAllocatedAndTableGrowsToExhaustion() {
        assertEquals(512, gt.size());
        Set<Integer> seen = new HashSet<>();
        int ref;
        while ((ref = gt.allocateRef()) != -1) {
            assertTrue(ref >= 8, "reserved ref " + ref + " handed out");
            assertTrue(seen.add(ref), "ref " + ref + " handed out twice");
        }
        assertEquals(GrantTable.DEFAULT_MAX_FRAMES, gt.frames());
        assertEquals(GrantTable.DEFAULT_MAX_FRAMES * 512, gt.size());
        assertEquals(GrantTable.DEFAULT_MAX_FRAMES * 512 - 8, seen.size());
        assertEquals(seen.size(), gt.allocatedCount());
        assertEquals(-1, gt.allocateRef(), "exhausted table must keep answering -1");
        gt.freeRef(4000);
        assertEquals(4000, gt.allocateRef());
    }

    @Test
    void gnt1_smallTableExhaustsAtItsMaximum() {
        Domain d = hv.createDomain(3, "small", 1, 16);
        int n = 0;
        while (d.grantTable().allocateRef() != -1) {
            n++;
        }
        assertEquals(504, n);
        assertEquals(1, d.grantTable().frames());
    }

    @Test
    void gnt1_grantAccessWritesTheEntryByteExact() {
        Frame f = front.allocateFrame();
        int ref = gt.allocateRef();
        gt.grantAccess(ref, 2, f, true);
        GrantEntryV1 e = gt.entry(ref);
        assertEquals(new GrantEntryV1(GrantEntryV1Layout.GTF_PERMIT_ACCESS | GrantEntryV1Layout.GTF_READONLY, 2,
                f.number()), e);
        assertTrue(gt.isGranted(ref));
        assertEquals(1, gt.grantedCount());
        assertTrue(gt.isFrameGranted(f));
        assertTrue(gt.endAccess(ref));
        // Linux's v1 end access clears only the flags
        assertEquals(new GrantEntryV1(0, 2, f.number()), gt.entry(ref));
        assertFalse(gt.isGranted(ref));
        assertFalse(gt.isFrameGranted(f));
        assertEquals(0, gt.grantedCount());
        assertEquals(1, gt.allocatedCount());
        gt.freeRef(ref);
        assertEquals(0, gt.allocatedCount());
    }

    @Test
    void gnt1_misuseOfTheGuestApiThrowsNamingTheValue() {
        Frame f = front.allocateFrame();
        Frame foreign = back.allocateFrame();
        int ref = gt.allocateRef();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gt.grantAccess(5, 2, f, false));
        assertTrue(e.getMessage().contains("gref 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> gt.grantAccess(ref, 2, foreign, false));
        assertThrows(IllegalArgumentException.class, () -> gt.grantAccess(ref, 2, null, false));
        assertThrows(IllegalArgumentException.class, () -> gt.grantAccess(ref, 0x10000, f, false));
        assertThrows(IllegalArgumentException.class, () -> gt.endAccess(ref));
        gt.grantAccess(ref, 2, f, false);
        assertThrows(IllegalArgumentException.class, () -> gt.grantAccess(ref, 2, f, false));
        assertThrows(IllegalArgumentException.class, () -> gt.freeRef(ref));
        assertThrows(IllegalArgumentException.class, () -> gt.entry(-1));
        assertThrows(IllegalArgumentException.class, () -> gt.entry(512));
        assertThrows(IllegalArgumentException.class, () -> gt.freeRef(9999));
        assertFalse(gt.isGranted(-7));
    }

    @Test
    void gnt4_grantedFrameCannotBeFreedUntilAccessEnds() {
        Frame f = front.allocateFrame();
        int ref = gt.allocateRef();
        gt.grantAccess(ref, 2, f, false);
        assertThrows(IllegalArgumentException.class, () -> front.freeFrame(f));
        assertTrue(gt.endAccess(ref));
        front.freeFrame(f);
        assertFalse(f.isLive());
        assertThrows(IllegalArgumentException.class, () -> front.freeFrame(f));
    }

    @Test
    void gnt4_endAccessWhileMappedFailsAndChangesNothing() {
        Frame f = front.allocateFrame();
        int ref = gt.allocateRef();
        gt.grantAccess(ref, 2, f, false);
        int h = back.mapGrant(1, ref, false);
        assertTrue(h >= 0, GntStatus.name(h));
        assertTrue(gt.inUse(ref));
        GrantEntryV1 before = gt.entry(ref);
        assertEquals(GrantEntryV1Layout.GTF_PERMIT_ACCESS | GrantEntryV1Layout.GTF_READING
                | GrantEntryV1Layout.GTF_WRITING, before.flags());
        assertFalse(gt.endAccess(ref));
        assertEquals(before, gt.entry(ref));
        assertTrue(gt.isGranted(ref));
        assertEquals(GntStatus.OKAY, back.unmapGrant(h));
        assertFalse(gt.inUse(ref));
        assertTrue(gt.endAccess(ref));
    }

    @Test
    void gnt1_freedRefsAreReusedFifo() {
        int a = gt.allocateRef();
        int b = gt.allocateRef();
        gt.freeRef(a);
        gt.freeRef(b);
        // everything never used comes first, then a, then b
        int last = -1;
        for (int i = 0; i < 504 - 2; i++) {
            last = gt.allocateRef();
        }
        assertEquals(511, last);
        assertEquals(a, gt.allocateRef());
        assertEquals(b, gt.allocateRef());
    }
}

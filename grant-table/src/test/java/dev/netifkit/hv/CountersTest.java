package dev.netifkit.hv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netifkit.hv.evtchn.EventChannels;
import dev.netifkit.hv.grant.GntStatus;
import dev.netifkit.hv.grant.GrantCopyBatch;
import dev.netifkit.hv.grant.GrantMapBatch;
import dev.netifkit.hv.grant.GrantTable;
import dev.netifkit.hv.sched.DeterministicScheduler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A known workload moves through the hypervisor; every counter of both sides must come out exact. */
class CountersTest {

    @Test
    void knownWorkloadGivesExactCounters() throws Exception {
        Hypervisor hv = Fixtures.hypervisor();
        DeterministicScheduler sched = Fixtures.sched(hv);
        Domain front = hv.createDomain(1, "front");
        Domain back = hv.createDomain(2, "back");
        GrantTable gt = front.grantTable();
        Frame[] pages = new Frame[4];
        int[] refs = new int[4];
        for (int i = 0; i < 4; i++) {
            pages[i] = front.allocateFrame();
            refs[i] = gt.allocateRef();
            gt.grantAccess(refs[i], 2, pages[i], i == 3);
        }
        Frame local = back.allocateFrame();

        // 1 copy hypercall: 4 ops, 3 succeed moving 100 + 1500 + 4096 bytes, 1 fails
        GrantCopyBatch copies = new GrantCopyBatch(4);
        copies.addFromGref(1, refs[0], 0, local, 0, 100);
        copies.addToGref(local, 0, 1, refs[1], 2596, 1500);
        copies.addFromGref(1, refs[3], 0, local, 0, 4096);
        copies.addToGref(local, 0, 1, refs[3], 0, 10); // read-only: PERMISSION_DENIED
        assertEquals(1, back.grantCopy(copies));
        // 1 map hypercall of 3 (2 succeed), then 1 single map
        GrantMapBatch maps = new GrantMapBatch(3);
        maps.add(1, refs[0], false);
        maps.add(1, refs[3], true);
        maps.add(9, refs[1], true);
        assertEquals(1, back.mapGrants(maps));
        int single = back.mapGrant(1, refs[2], false);
        // 1 unmap hypercall of 3 handles (1 bad): one flush; then 1 single unmap: one flush
        int[] status = new int[3];
        assertEquals(1, back.unmapGrants(new int[] {maps.handle(0), maps.handle(1), 777}, 3, status));
        assertEquals(GntStatus.OKAY, back.unmapGrant(single));
        // a failed single unmap: hypercall, no flush
        assertEquals(GntStatus.BAD_HANDLE, back.unmapGrant(single));
        // model-reported figures
        back.counters().recordMemcpy(60);
        back.counters().recordMemcpy(4);
        front.counters().recordNotificationSuppressed();

        // events: front allocates (1 hypercall), back binds (1); back notifies 3 times (3 hypercalls), coalesced
        EventChannels fe = front.events();
        EventChannels be = back.events();
        int fport = fe.allocUnbound(2);
        int bport = be.bindInterdomain(1, fport);
        int[] handled = new int[1];
        fe.setHandler(fport, () -> handled[0]++);
        be.notify(bport);
        be.notify(bport);
        be.notify(bport);
        sched.runUntilIdle();
        assertEquals(1, handled[0]);

        CounterSnapshot b = back.counters().snapshot();
        CounterSnapshot f = front.counters().snapshot();
        assertEquals(new CounterSnapshot(
                1 + 1 + 1 + 1 + 1 + 1 + 1 + 3, // copy, mapGrants, mapGrant, unmapGrants, 2 unmapGrant, bind, 3 notify
                4, 100 + 1500 + 4096, 1,
                3, 3, 2,
                64, 3, 0, 0), b);
        assertEquals(new CounterSnapshot(1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1), f);

        // exported as a plain object and as JSON with snake_case names
        Map<String, Long> m = b.asMap();
        assertEquals(List.of("hypercalls", "grant_copy_ops", "grant_copy_bytes", "grant_copy_failures", "grant_maps",
                "grant_unmaps", "tlb_flushes", "memcpy_bytes", "notifications_sent", "notifications_suppressed",
                "events_delivered"), List.copyOf(m.keySet()));
        JsonNode json = new ObjectMapper().readTree(b.toJson());
        assertEquals(5696, json.get("grant_copy_bytes").asLong());
        assertEquals(2, json.get("tlb_flushes").asLong());
        assertEquals(11, json.size());
        assertEquals(b, CounterSnapshot.fromJson(b.toJson()));
        assertEquals(b, b.plus(f).minus(f));
        assertEquals(CounterSnapshot.ZERO, b.minus(b));
    }

    @Test
    void negativeMemcpyIsMisuse() {
        Domain d = Fixtures.hypervisor().createDomain(1, "d");
        assertThrows(IllegalArgumentException.class, () -> d.counters().recordMemcpy(-1));
        assertThrows(IllegalArgumentException.class, () -> CounterSnapshot.fromJson("{\"hypercalls\":\"x\"}"));
    }
}

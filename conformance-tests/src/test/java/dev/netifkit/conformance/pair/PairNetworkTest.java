package dev.netifkit.conformance.pair;

import dev.netifkit.hv.sched.DeterministicScheduler;
import dev.netifkit.netback.DatapathMode;
import dev.netifkit.netfront.Netfront;
import dev.netifkit.netfront.TxResult;
import dev.netifkit.proto.ring.SlotWords;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guests behind one backend domain talk through the L2 switch; the backend's {@code rate} key limits TX. */
class PairNetworkTest {

    private static void send(Pair pair, int guest, long dst, int count, int length) {
        Guest g = pair.guest(guest);
        Netfront nf = g.frontend();
        ByteBuf frame = SlotWords.scratch(length);
        pair.onContext(g.domain().domid(), () -> {
            for (int i = 0; i < count; i++) {
                int flow = pair.flow(guest, 0);
                TrafficFrame.write(frame, dst, g.mac(), flow, pair.integrity().sent(flow), length);
                assertEquals(TxResult.OK, nf.transmit(0, frame, 0, length, null));
            }
            nf.flush(0);
        });
    }

    @Test
    void twoGuestsTalkThroughTheSwitchAndBroadcastReachesTheOthers() {
        List<Integer> receivedBy = new ArrayList<>();
        try (Pair pair = Pair.builder().guests(3).mode(DatapathMode.STAGING).network(NetworkKind.SWITCH)
                .observer((guest, queue, p) -> receivedBy.add(guest)).build()) {
            pair.connect();
            send(pair, 0, pair.guest(1).mac(), 50, 300);          // unicast 0 -> 1
            pair.settle();
            assertEquals(50, receivedBy.size());
            assertTrue(receivedBy.stream().allMatch(g -> g == 1), receivedBy::toString);
            send(pair, 2, 0xFFFF_FFFF_FFFFL, 10, 100);           // broadcast from 2 reaches 0 and 1
            pair.settle();
            assertEquals(50 + 20, receivedBy.size());
            assertEquals(10, receivedBy.stream().filter(g -> g == 0).count());
            assertEquals(0, receivedBy.stream().filter(g -> g == 2).count(), "never back to the sender");
            assertEquals(0, pair.integrity().corrupted());
            assertEquals(0, pair.integrity().malformed());
            assertTrue(pair.closeAndCheckLeaks().isEmpty());
        }
    }

    @Test
    void theRateKeyLimitsGuestTransmitOnSimulatedTime() {
        try (Pair pair = Pair.builder().mode(DatapathMode.COPY).network(NetworkKind.SINK).build()) {
            // 6400 bytes per second: a hundred 64-byte packets per credit window.
            pair.hypervisor().xenStore().toolstack().write(pair.guest(0).paths().backend() + "/rate", "6400,1000000");
            pair.connect();
            send(pair, 0, 0xFFFF_FFFF_FFFFL, 150, 64);
            pair.settle();
            assertEquals(100, pair.integrity().received(), "the first window's credit");
            DeterministicScheduler d = (DeterministicScheduler) pair.scheduler();
            d.advanceMillis(999);
            assertEquals(100, pair.integrity().received(), "no credit before the window ends");
            d.advanceMillis(1);
            assertEquals(150, pair.integrity().received(), "credit replenished at the end of the window");
            assertTrue(pair.integrity().perfect());
            assertTrue(pair.guest(0).backend().counters().get("tx_credit_stalls") > 0);
        }
    }
}

package dev.netifkit.conformance.pair;

import dev.netifkit.conformance.property.Gen;
import dev.netifkit.conformance.property.Property;
import dev.netifkit.conformance.property.Shrinker;
import dev.netifkit.netback.DatapathMode;
import dev.netifkit.netfront.Netfront;
import dev.netifkit.netfront.NetfrontSettings;
import dev.netifkit.proto.packet.Checksum;
import dev.netifkit.netfront.TxMeta;
import dev.netifkit.netfront.TxResult;
import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.ring.SlotWords;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole protocol end to end, as a law: whatever the mode, queue count, packet sizes, page offsets,
 * checksum and GSO metadata, and reconnects between bursts, every packet a guest sends comes back to it (loopback
 * network) exactly once, intact, in order per queue, with its metadata; and after close no grant and no mapping is
 * left behind.
 */
class PairPropertyTest {

    /** One packet of a burst. */
    record Packet(int queue, int length, int pageOffset, int checksum, int gsoType, int gsoSize) {
    }

    /** A burst of packets, then optionally a reconnect. */
    record Burst(List<Packet> packets, boolean reconnectAfter) {
    }

    record Trial(DatapathMode mode, int queues, boolean split, boolean trusted, List<Burst> bursts) {
        @Override
        public String toString() {
            int n = bursts.stream().mapToInt(b -> b.packets().size()).sum();
            return mode + " queues=" + queues + " split=" + split + " trusted=" + trusted + " bursts=" + bursts.size()
                    + " packets=" + n + " " + bursts;
        }
    }

    static Gen<Packet> packets(int queues) {
        return r -> {
            int length;
            switch (r.nextInt(6)) {
                case 0:
                    length = TrafficFrame.MIN_LENGTH + r.nextInt(50);
                    break;
                case 1:
                    length = 4096 + r.nextInt(-2, 3);
                    break;
                case 2:
                    length = r.nextInt(10_000, 65_536);
                    break;
                default:
                    length = r.nextInt(60, 1_600);
                    break;
            }
            int gso = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
            return new Packet(r.nextInt(queues), length, r.nextInt(3) == 0 ? r.nextInt(4096) : 0, r.nextInt(3),
                    gso, gso == 0 ? 0 : r.nextInt(500, 9000));
        };
    }

    static Gen<Trial> trials() {
        return r -> {
            int queues = 1 + r.nextInt(4);
            List<Burst> bursts = new ArrayList<>();
            int n = 1 + r.nextInt(4);
            Gen<Packet> g = packets(queues);
            for (int b = 0; b < n; b++) {
                List<Packet> ps = new ArrayList<>();
                int count = 1 + r.nextInt(40);
                for (int i = 0; i < count; i++) {
                    ps.add(g.next(r));
                }
                bursts.add(new Burst(ps, r.nextInt(3) == 0));
            }
            return new Trial(DatapathMode.values()[r.nextInt(3)], queues, r.nextBoolean(), r.nextBoolean(), bursts);
        };
    }

    static Shrinker<Trial> shrinker() {
        return t -> {
            List<Trial> out = new ArrayList<>();
            for (List<Burst> fewer : Shrinker.<Burst>list().candidates(t.bursts())) {
                if (!fewer.isEmpty()) {
                    out.add(new Trial(t.mode(), t.queues(), t.split(), t.trusted(), fewer));
                }
            }
            for (int i = 0; i < t.bursts().size(); i++) {
                Burst b = t.bursts().get(i);
                for (List<Packet> ps : Shrinker.<Packet>list().candidates(b.packets())) {
                    if (!ps.isEmpty()) {
                        List<Burst> copy = new ArrayList<>(t.bursts());
                        copy.set(i, new Burst(ps, b.reconnectAfter()));
                        out.add(new Trial(t.mode(), t.queues(), t.split(), t.trusted(), copy));
                    }
                }
            }
            return out;
        };
    }

    @Test
    void everythingSentArrivesIntactWithItsMetadataAndNothingLeaks() {
        Property.forAll("pair loopback", trials(), shrinker(), 120, PairPropertyTest::run);
    }

    private static void run(Trial t) {
        List<String> metadataErrors = new ArrayList<>();
        List<Packet> expected = new ArrayList<>();
        int[] seen = new int[1];
        NetfrontSettings front = NetfrontSettings.DEFAULTS.withQueues(t.queues())
                .withSplitEventChannels(t.split()).withTrusted(t.trusted()).withStaging(t.mode() == DatapathMode.STAGING);
        try (Pair pair = Pair.builder().mode(t.mode()).frontendSettings(front).queues(t.queues())
                .network(NetworkKind.LOOPBACK)
                .observer((guest, queue, p) -> {
                    // Loopback keeps order per queue; packets of different queues interleave, so match by seq.
                    int seq = p.getUnsignedByte(TrafficFrame.SEQ_OFFSET) | p.getUnsignedByte(TrafficFrame.SEQ_OFFSET + 1) << 8;
                    Packet want = expected.get(seqIndex(expected, queue, seq));
                    seen[0]++;
                    boolean csumBlank = want.checksum() == 1;
                    boolean validated = want.checksum() >= 1;
                    if (p.csumBlank() != csumBlank || p.dataValidated() != validated) {
                        metadataErrors.add("seq " + seq + ": checksum flags blank=" + p.csumBlank() + " validated="
                                + p.dataValidated() + ", sent " + want);
                    }
                    if (p.gsoType() != want.gsoType() || p.gsoSize() != want.gsoSize()) {
                        metadataErrors.add("seq " + seq + ": GSO " + p.gsoType() + "/" + p.gsoSize() + ", sent " + want);
                    }
                    if (queue != want.queue()) {
                        metadataErrors.add("seq " + seq + ": arrived on queue " + queue + ", sent on " + want.queue());
                    }
                })
                .build()) {
            pair.connect();
            Guest g = pair.guest(0);
            Netfront nf = g.frontend();
            ByteBuf frame = SlotWords.scratch(0x10000);
            TxMeta meta = new TxMeta();
            for (Burst b : t.bursts()) {
                for (Packet p : b.packets()) {
                    int flow = pair.flow(0, p.queue());
                    int seq = pair.integrity().sent(flow);
                    expected.add(p);
                    TrafficFrame.write(frame, g.mac(), g.mac(), flow, seq, p.length());
                    meta.clear().pageOffset(p.pageOffset())
                            .checksum(Checksum.values()[p.checksum()]);
                    if (p.gsoType() != 0) {
                        meta.gso(GsoType.fromCode(p.gsoType()), p.gsoSize());
                    }
                    int[] result = new int[1];
                    pair.onContext(g.domain().domid(), () -> {
                        result[0] = nf.transmit(p.queue(), frame, 0, p.length(), meta);
                        nf.flush(p.queue());
                    });
                    assertEquals(TxResult.OK, result[0], "transmit of " + p);
                }
                pair.settle();
                assertTrue(pair.integrity().perfect(), () -> pair.integrity() + " network drops " + pair.networkDrops());
                if (b.reconnectAfter()) {
                    pair.onContext(g.domain().domid(), nf::reconnect);
                    pair.await(() -> nf.state() == dev.netifkit.netfront.FrontState.CONNECTED
                            && g.backend().state() == dev.netifkit.netback.DeviceState.CONNECTED, "reconnect");
                }
            }
            assertTrue(metadataErrors.isEmpty(), () -> metadataErrors.toString());
            assertEquals(expected.size(), seen[0]);
            List<String> leaks = pair.closeAndCheckLeaks();
            assertTrue(leaks.isEmpty(), leaks::toString);
        }
    }

    /** The expected packet with a given 16-bit sequence number on a queue (sequences are per flow). */
    private static int seqIndex(List<Packet> sent, int queue, int seq16) {
        int n = 0;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).queue() == queue) {
                if ((n & 0xFFFF) == seq16) {
                    return i;
                }
                n++;
            }
        }
        throw new AssertionError("no packet " + seq16 + " was sent on queue " + queue);
    }
}

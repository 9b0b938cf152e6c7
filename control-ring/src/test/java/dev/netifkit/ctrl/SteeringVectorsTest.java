package dev.netifkit.ctrl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netifkit.proto.HashAlgorithm;
import dev.netifkit.proto.HashType;
import dev.netifkit.proto.Hex;
import dev.netifkit.proto.hash.HashInput;
import dev.netifkit.proto.hash.Toeplitz;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CTRL-3/CTRL-4 against the C ABI's own answers: the toeplitz and packet_hash cases of the vectors file. */
class SteeringVectorsTest {
    private static final String RESOURCE = "/vectors/netif-abi-vectors.json";

    static List<JsonNode> cases(String kind) throws IOException {
        try (InputStream in = SteeringVectorsTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " missing from the test resources");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            assertEquals("netif-abi-vectors/1", root.path("format").asText());
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode c : root.path("cases")) {
                if (kind.equals(c.path("kind").asText())) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    /** An Ethernet frame (no VLAN) around an IP packet, at a non-zero offset of a larger buffer. */
    static ByteBuf frame(byte[] ipPacket, int at) {
        int version = (ipPacket[0] & 0xFF) >>> 4;
        ByteBuf buf = Unpooled.buffer(at + HashInput.ETH_HLEN + ipPacket.length + 7);
        buf.writeZero(at);
        buf.writeBytes(Hex.decode("02000000000102000000000a"));
        buf.writeShort(version == 4 ? HashInput.ETH_P_IP : HashInput.ETH_P_IPV6); // network order
        buf.writeBytes(ipPacket);
        buf.writeBytes(new byte[] {(byte) 0xEE, (byte) 0xEE}); // bytes past the frame must not count
        return buf;
    }

    static HashConfig config(byte[] key40, int flags, int queues) {
        HashConfig cfg = new HashConfig(queues);
        cfg.algorithm(HashAlgorithm.TOEPLITZ);
        cfg.flags(flags);
        ByteBuf k = Unpooled.wrappedBuffer(key40);
        cfg.key(k, 0, key40.length);
        return cfg;
    }

    @TestFactory
    Stream<DynamicTest> ctrl4_toeplitzCases() throws IOException {
        List<JsonNode> cs = cases("toeplitz");
        assertTrue(cs.size() >= 100, "toeplitz cases: " + cs.size());
        return cs.stream().map(c -> DynamicTest.dynamicTest("toeplitz key " + c.path("key").asText().length() / 2
                + " bytes, data " + c.path("data").asText(), () -> {
                    byte[] key = Hex.decode(c.path("key").asText());
                    byte[] data = Hex.decode(c.path("data").asText());
                    int expected = (int) c.path("hash").asLong();
                    assertEquals(expected, Toeplitz.hash(key, key.length, data), c.toString());
                    if (key.length <= HashConfig.KEY_SIZE) {
                        // The backend's view: the key as SET_HASH_KEY leaves it, zero-padded to 40 bytes (BK-19).
                        HashConfig cfg = config(new byte[0], 0, 1);
                        cfg.key(Unpooled.wrappedBuffer(key), 0, key.length);
                        assertEquals(expected, Toeplitz.hash(cfg.keyArray(), HashConfig.KEY_SIZE, data), c.toString());
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> ctrl3_ctrl4_packetHashCasesSteerToTheirQueue() throws IOException {
        List<JsonNode> cs = cases("packet_hash");
        assertTrue(cs.size() >= 100, "packet_hash cases: " + cs.size());
        int[] seen = new int[4];
        Stream<DynamicTest> tests = cs.stream().map(c -> DynamicTest.dynamicTest(c.path("hash_type").asText() + " "
                + c.path("packet").asText(), () -> {
                    HashType type = HashType.parse(c.path("hash_type").asText());
                    seen[type.bit()]++;
                    byte[] key = Hex.decode(c.path("key").asText());
                    byte[] packet = Hex.decode(c.path("packet").asText());
                    int expected = (int) c.path("hash").asLong();
                    SteeringResult out = new SteeringResult();
                    for (int flags : new int[] {type.mask(), HashType.ALL_MASK}) {
                        // With every type enabled the maximal rule (CTRL-3) picks the case's type: TCP packets
                        // carry a TCP type, UDP packets an address-only one.
                        HashConfig cfg = config(key, flags, 3);
                        ByteBuf frame = frame(packet, 5);
                        try {
                            assertTrue(Steering.steer(cfg, frame, 5, HashInput.ETH_HLEN + packet.length, out));
                            assertEquals(type, out.hashType, c.toString());
                            assertEquals(expected, out.hash, c.toString());
                            assertEquals(type.inputLength(), out.inputLength);
                            assertEquals(Integer.remainderUnsigned(expected, 3), out.queue, "size 0: hash mod queues");
                            // With a mapping table: mapping[hash mod size].
                            cfg.mappingSize(7);
                            cfg.mapping(0, Unpooled.wrappedBuffer(Hex.decode(
                                    "02000000010000000000000002000000010000000100000000000000")), 0, 7);
                            int[] table = {2, 1, 0, 2, 1, 1, 0};
                            assertTrue(Steering.steer(cfg, frame, 5, HashInput.ETH_HLEN + packet.length, out));
                            assertEquals(table[Integer.remainderUnsigned(expected, 7)], out.queue);
                        } finally {
                            frame.release();
                        }
                    }
                }));
        return Stream.concat(tests, Stream.of(DynamicTest.dynamicTest("coverage: every hash type came up", () -> {
            for (HashType t : HashType.values()) {
                assertTrue(seen[t.bit()] > 0, t + " never came up");
            }
        })));
    }

    // ------------------------------------------------------------------ steering rules

    private static final byte[] RSS_KEY = Hex.decode(
            "6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa");
    /** IPv4/TCP 66.9.149.187:2794 -> 161.142.100.80:1766 (the RSS verification tuple). */
    private static final byte[] TCP4 = Hex.decode("4500002800004000400600004209" + "95bba18e6450" + "0aea06e6"
            + "00000000000000005000000000000000");

    @Test
    void ctrl3_algorithmNoneLeavesTheQueueToTheCaller() {
        HashConfig cfg = new HashConfig(4);
        SteeringResult out = new SteeringResult();
        ByteBuf f = frame(TCP4, 0);
        try {
            assertFalse(Steering.steer(cfg, f, 0, f.readableBytes() - 2, out));
            assertEquals(-1, out.queue);
            assertNull(out.hashType);
            assertEquals(0, out.hash);
        } finally {
            f.release();
        }
    }

    @Test
    void ctrl3_toeplitzWithNoApplicableTypeSteersToQueueZero() {
        SteeringResult out = new SteeringResult();
        ByteBuf f = frame(TCP4, 0);
        ByteBuf arp = Unpooled.wrappedBuffer(Hex.decode("ffffffffffff02000000000108060001080006040001"));
        try {
            int len = f.readableBytes() - 2;
            assertFalse(Steering.steer(config(RSS_KEY, 0, 4), f, 0, len, out), "no type enabled");
            assertEquals(0, out.queue);
            assertFalse(Steering.steer(config(RSS_KEY, HashType.IPV6.mask() | HashType.IPV6_TCP.mask(), 4), f, 0,
                    len, out), "only IPv6 types for an IPv4 packet");
            assertEquals(0, out.queue);
            assertFalse(Steering.steer(config(RSS_KEY, HashType.ALL_MASK, 4), arp, 0, arp.readableBytes(), out),
                    "not IP");
            assertEquals(0, out.queue);
            assertFalse(Steering.steer(config(RSS_KEY, HashType.ALL_MASK, 4), f, 0, 20, out), "truncated");
            assertEquals(0, out.queue);
        } finally {
            f.release();
            arp.release();
        }
    }

    @Test
    void ctrl3_theMaximalEnabledTypeApplies() {
        SteeringResult out = new SteeringResult();
        ByteBuf f = frame(TCP4, 0);
        try {
            int len = f.readableBytes() - 2;
            assertTrue(Steering.steer(config(RSS_KEY, HashType.ALL_MASK, 4), f, 0, len, out));
            assertEquals(HashType.IPV4_TCP, out.hashType);
            assertEquals(0x51ccc178, out.hash);
            assertEquals(Integer.remainderUnsigned(0x51ccc178, 4), out.queue);
            assertTrue(Steering.steer(config(RSS_KEY, HashType.IPV4.mask(), 4), f, 0, len, out));
            assertEquals(HashType.IPV4, out.hashType);
            assertEquals(0x323e8fc2, out.hash);
        } finally {
            f.release();
        }
    }

    @Test
    void ctrl3_steeringAllocatesNothing() {
        HashConfig cfg = config(RSS_KEY, HashType.ALL_MASK, 4);
        SteeringResult out = new SteeringResult();
        ByteBuf f = frame(TCP4, 0);
        try {
            int len = f.readableBytes() - 2;
            com.sun.management.ThreadMXBean mx =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 10_000; i++) {
                Steering.steer(cfg, f, 0, len, out);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                Steering.steer(cfg, f, 0, len, out);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes in 100k steers");
            assertEquals(String.format(Locale.ROOT, "%08x", 0x51ccc178), String.format(Locale.ROOT, "%08x", out.hash));
        } finally {
            f.release();
        }
    }
}

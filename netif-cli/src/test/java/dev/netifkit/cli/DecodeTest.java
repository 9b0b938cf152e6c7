package dev.netifkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netifkit.proto.CtrlStatus;
import dev.netifkit.proto.CtrlType;
import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.Hex;
import dev.netifkit.proto.MacAddress;
import dev.netifkit.proto.NetifRsp;
import dev.netifkit.proto.RxFlags;
import dev.netifkit.proto.TxFlags;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.CtrlResponse;
import dev.netifkit.proto.extra.GsoExtra;
import dev.netifkit.proto.extra.HashExtra;
import dev.netifkit.proto.extra.McastExtra;
import dev.netifkit.proto.ring.BackRing;
import dev.netifkit.proto.ring.FrontRing;
import dev.netifkit.proto.ring.RingGeometry;
import dev.netifkit.proto.rx.RxRequest;
import dev.netifkit.proto.rx.RxResponse;
import dev.netifkit.proto.tx.TxRequest;
import dev.netifkit.proto.tx.TxResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code netif decode} of pages written by the project's own ring code, and of bad input. */
class DecodeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Just below 2^32, so the burst wraps (RING-3). */
    private static final int START = -2;

    @TempDir
    Path dir;

    /** A page written through FrontRing/BackRing on a direct buffer, copied out as bytes. */
    private static byte[] page(Consumer<ByteBuf> writer) {
        ByteBuf page = Unpooled.directBuffer(4096).writeZero(4096);
        try {
            writer.accept(page);
            return ByteBufUtil.getBytes(page, 0, 4096);
        } finally {
            page.release();
        }
    }

    /** A tx page: a packet of a first request with GSO + multicast extras and a continuation, then a second. */
    private static byte[] txPage() {
        return page(p -> {
            FrontRing front = FrontRing.init(p, RingGeometry.TX, START);
            new TxRequest(0x1234, 0, TxFlags.EXTRA_INFO | TxFlags.MORE_DATA | TxFlags.CSUM_BLANK, 7, 1514)
                    .encode(p, front.nextRequestOffset());
            front.advanceRequests(1);
            GsoExtra.of(1448, GsoType.TCPV4, true).encode(p, front.nextRequestOffset());
            front.advanceRequests(1);
            McastExtra.add(MacAddress.parse("01:00:5e:00:00:fb"), false).encode(p, front.nextRequestOffset());
            front.advanceRequests(1);
            new TxRequest(0x1235, 100, 0, 8, 1000).encode(p, front.nextRequestOffset());
            front.advanceRequests(1);
            new TxRequest(0xFFFF_FFFF, 4032, TxFlags.DATA_VALIDATED, 9, 64).encode(p, front.nextRequestOffset());
            front.advanceRequests(1);
            front.pushRequests();
        });
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static String row(Cli.Result r, String needle) {
        return r.lines().stream().filter(l -> l.contains(needle)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + needle + "' in\n" + r));
    }

    @Test
    void tx1_tx7_pageFromFrontRingShowsHeaderRequestsAndTheExtraChain() throws IOException {
        Cli.Result r = Cli.run("decode", "--ring", "tx", "--file", file("tx.bin", txPage()).toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("tx ring page: 4096 bytes, 256 entries of 12 bytes"), r.toString());
        assertTrue(row(r, "req_prod ").matches("\\s+req_prod\\s+3"), r.toString());
        assertTrue(row(r, "rsp_prod ").matches("\\s+rsp_prod\\s+4294967294"), r.toString());
        assertTrue(row(r, "req_event").matches("\\s+req_event\\s+4294967295"), r.toString());
        assertTrue(row(r, "req_prod - rsp_prod").matches("\\s+req_prod - rsp_prod\\s+5"), r.toString());
        assertTrue(r.out().contains("requests [4294967294, 3): 5 slots"), r.toString());
        String first = row(r, "gref=4660 ");
        assertTrue(first.matches("\\s+4294967294\\s+254\\s+request\\s+\\S{24}\\s+gref=4660 offset=0"
                + " flags=csum_blank\\|more_data\\|extra_info id=7 size=1514\\s+packet start"), first);
        String gso = row(r, "type=GSO");
        assertTrue(gso.matches("\\s+4294967295\\s+255\\s+extra\\s+\\S{24}\\s+type=GSO flags=more gso_size=1448"
                + " gso_type=TCPV4 gso_pad=0 gso_features=0\\s+extra 1 of index 4294967294"), gso);
        String mcast = row(r, "type=MCAST_ADD");
        assertTrue(mcast.matches("\\s+0\\s+0\\s+extra\\s+\\S{24}\\s+type=MCAST_ADD flags=- mcast_addr=01:00:5e:00:00:fb"
                + "\\s+extra 2 of index 4294967294"), mcast);
        assertTrue(row(r, "gref=4661 ").matches("\\s+1\\s+1\\s+request\\s+\\S{24}\\s+gref=4661 offset=100 flags=-"
                + " id=8 size=1000\\s+continuation"), r.toString());
        assertTrue(row(r, "gref=4294967295 ").contains("flags=data_validated id=9 size=64"), r.toString());
        assertFalse(r.out().contains("problem"), r.toString());
    }

    @Test
    void tx1_pageAsJsonHoldsTheSameValues() throws IOException {
        Cli.Result r = Cli.run("decode", "--ring", "tx", "--json", "--file", file("tx.bin", txPage()).toString());
        assertEquals(0, r.exit(), r.toString());
        JsonNode d = MAPPER.readTree(r.out());
        assertEquals("tx", d.get("ring").asText());
        assertEquals(256, d.get("entries").asInt());
        assertEquals(3L, d.get("header").get("req_prod").asLong());
        assertEquals(4294967294L, d.get("header").get("rsp_prod").asLong());
        assertEquals(5, d.get("unanswered").asInt());
        JsonNode w = d.get("window");
        assertEquals("requests", w.get("name").asText());
        assertEquals(4294967294L, w.get("from").asLong());
        assertEquals(3L, w.get("to").asLong());
        JsonNode slots = w.get("slots");
        assertEquals(5, slots.size());
        assertEquals("netif_tx_request", slots.get(0).get("as").asText());
        assertEquals(4660, slots.get(0).get("fields").get("gref").asInt());
        assertEquals(TxFlags.EXTRA_INFO | TxFlags.MORE_DATA | TxFlags.CSUM_BLANK,
                slots.get(0).get("fields").get("flags").asInt());
        assertEquals("csum_blank|more_data|extra_info", slots.get(0).get("fields").get("flags_name").asText());
        assertEquals("netif_extra_info", slots.get(1).get("as").asText());
        assertEquals("GSO", slots.get(1).get("fields").get("type_name").asText());
        assertEquals(1448, slots.get(1).get("fields").get("gso_size").asInt());
        assertEquals("01:00:5e:00:00:fb", slots.get(2).get("fields").get("mcast_addr").asText());
        assertEquals(0, slots.get(2).get("slot").asInt());
        assertEquals(4294967295L, slots.get(4).get("fields").get("gref").asLong());
        assertEquals(Hex.encode(Arrays.copyOfRange(txPage(), 64 + 254 * 12, 64 + 255 * 12)),
                slots.get(0).get("hex").asText());
    }

    @Test
    void tx3_responsesWindowAfterBackRingAnsweredShowsStatusNames() throws IOException {
        byte[] bytes = txPage();
        byte[] answered = page(p -> {
            p.setBytes(0, bytes);
            BackRing back = BackRing.attachAtResponseProducer(p, RingGeometry.TX);
            int[] status = {NetifRsp.OKAY, NetifRsp.NULL, NetifRsp.NULL, NetifRsp.OKAY, NetifRsp.ERROR};
            int[] ids = {7, 0, 0, 8, 9};
            for (int i = 0; i < status.length; i++) {
                back.consumeRequests(1);
                new TxResponse(ids[i], status[i]).encode(p, back.nextResponseOffset());
                back.advanceResponses(1);
            }
            back.pushResponses();
        });
        Path f = file("answered.bin", answered);
        Cli.Result r = Cli.run("decode", "--ring", "tx", "--window", "responses", "--count", "5", "--file",
                f.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("responses [4294967294, 3): the last 5 slots before rsp_prod"), r.toString());
        assertTrue(row(r, "id=7 ").matches("\\s+4294967294\\s+254\\s+response\\s+\\S{24}\\s+id=7 status=OKAY"),
                r.toString());
        assertTrue(row(r, "id=9 ").contains("status=ERROR"), r.toString());
        assertEquals(2, r.lines().stream().filter(l -> l.contains("status=NULL")).count(), r.toString());
        Cli.Result requests = Cli.run("decode", "--ring", "tx", "--file", f.toString());
        assertTrue(requests.out().contains("requests [3, 3): 0 slots") && requests.out().contains("(none)"),
                requests.toString());
        Cli.Result byDefault = Cli.run("decode", "--ring", "tx", "--window", "responses", "--file", f.toString());
        assertTrue(byDefault.out().contains("the last 256 slots before rsp_prod"), byDefault.toString());
    }

    @Test
    void rx2_rx3_responsesFollowExtraInfoAndNameNegativeStatuses() {
        byte[] bytes = page(p -> {
            FrontRing front = FrontRing.init(p, RingGeometry.RX, 0);
            for (int i = 0; i < 4; i++) {
                new RxRequest(i, 0, 100 + i).encode(p, front.nextRequestOffset());
                front.advanceRequests(1);
            }
            front.pushRequests();
            BackRing back = BackRing.attach(p, RingGeometry.RX, 0);
            back.consumeRequests(4);
            new RxResponse(0, 0, RxFlags.EXTRA_INFO | RxFlags.MORE_DATA | RxFlags.DATA_VALIDATED, 1500)
                    .encode(p, back.nextResponseOffset());
            back.advanceResponses(1);
            new HashExtra(0, 1, 1, 0xCAFE_F00D).encode(p, back.nextResponseOffset());
            back.advanceResponses(1);
            new RxResponse(1, 0, 0, 200).encode(p, back.nextResponseOffset());
            back.advanceResponses(1);
            new RxResponse(3, 0, 0, NetifRsp.ERROR).encode(p, back.nextResponseOffset());
            back.advanceResponses(1);
            back.pushResponses();
        });
        Cli.Result r = Cli.run("decode", "--ring", "rx", "--window", "responses", "--count", "4", "--hex",
                Hex.encode(bytes));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(row(r, "id=0 ").contains("flags=data_validated|more_data|extra_info status=1500"), r.toString());
        assertTrue(row(r, "type=HASH").matches("\\s+1\\s+1\\s+extra\\s+\\S{16}\\s+type=HASH flags=- hash_type=ipv4_tcp"
                + " hash_algorithm=TOEPLITZ hash_value=0xcafef00d\\s+extra 1 of index 0"), r.toString());
        assertTrue(row(r, "id=1 ").contains("status=200") && row(r, "id=1 ").contains("continuation"), r.toString());
        assertTrue(row(r, "id=3 ").contains("status=ERROR") && row(r, "id=3 ").contains("packet start"),
                r.toString());
    }

    @Test
    void ctrl2_controlRingShowsTypesAndStatusesByName() {
        byte[] bytes = page(p -> {
            FrontRing front = FrontRing.init(p, RingGeometry.CTRL, 0);
            new CtrlRequest(1, CtrlType.SET_HASH_ALGORITHM.code(), 1, 0, 0).encode(p, front.nextRequestOffset());
            front.advanceRequests(1);
            new CtrlRequest(2, CtrlType.ADD_GREF_MAPPING.code(), 0, 77, 3).encode(p, front.nextRequestOffset());
            front.advanceRequests(1);
            new CtrlRequest(3, 99, 0, 0, 0).encode(p, front.nextRequestOffset());
            front.advanceRequests(1);
            front.pushRequests();
            BackRing back = BackRing.attach(p, RingGeometry.CTRL, 0);
            back.consumeRequests(1);
            new CtrlResponse(1, CtrlType.SET_HASH_ALGORITHM.code(), CtrlStatus.SUCCESS.code(), 0)
                    .encode(p, back.nextResponseOffset());
            back.advanceResponses(1);
            back.pushResponses();
        });
        Cli.Result r = Cli.run("decode", "--ring", "ctrl", "--hex", Hex.encode(bytes));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("ctrl ring page: 4096 bytes, 128 entries of 16 bytes"), r.toString());
        assertTrue(row(r, "id=2 ").contains("type=ADD_GREF_MAPPING data=[0, 77, 3]"), r.toString());
        assertTrue(row(r, "id=3 ").contains("type=UNKNOWN(99)"), r.toString());
        assertFalse(r.out().contains("id=1 "), "answered request outside the window\n" + r);
        Cli.Result rsp = Cli.run("decode", "--ring", "ctrl", "--window", "responses", "--count", "1", "--hex",
                Hex.encode(bytes));
        assertTrue(row(rsp, "id=1 ").contains("type=SET_HASH_ALGORITHM status=SUCCESS data=0"), rsp.toString());
    }

    @Test
    void ring9_requestWindowWiderThanTheRingIsReportedAndClamped() throws IOException {
        byte[] bytes = page(p -> {
            FrontRing.init(p, RingGeometry.TX, 0);
            p.setIntLE(0, 1000);
        });
        Cli.Result r = Cli.run("decode", "--ring", "tx", "--json", "--file", file("hostile.bin", bytes).toString());
        assertEquals(0, r.exit(), r.toString());
        JsonNode d = MAPPER.readTree(r.out());
        assertTrue(d.get("problems").get(0).asText().startsWith("RING-9: req_prod - rsp_prod = 1000 exceeds"),
                r.toString());
        assertEquals(256, d.get("window").get("width").asInt());
        assertEquals(256, d.get("window").get("slots").size());
        Cli.Result text = Cli.run("decode", "--ring", "tx", "--file", file("hostile.bin", bytes).toString());
        assertTrue(text.out().contains("problem: RING-9"), text.toString());
    }

    @Test
    void ring9_responseProducerAheadOfRequestsIsAnOverflowToo() {
        byte[] bytes = page(p -> {
            FrontRing.init(p, RingGeometry.RX, 5);
            p.setIntLE(8, 6);
        });
        Cli.Result r = Cli.run("decode", "--ring", "rx", "--hex", Hex.encode(bytes));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("problem: RING-9: req_prod - rsp_prod = 4294967295 exceeds"), r.toString());
    }

    @Test
    void allWindowDecodesEverySlotBothWays() {
        Cli.Result r = Cli.run("decode", "--ring", "tx", "--window", "all", "--json", "--hex", Hex.encode(txPage()));
        assertEquals(0, r.exit(), r.toString());
        JsonNode slots;
        try {
            slots = MAPPER.readTree(r.out()).get("window").get("slots");
        } catch (IOException e) {
            throw new AssertionError(r.toString(), e);
        }
        assertEquals(512, slots.size());
        JsonNode asRequest = slots.get(2 * 254);
        JsonNode asResponse = slots.get(2 * 254 + 1);
        assertEquals("netif_tx_request", asRequest.get("as").asText());
        assertEquals("holds unanswered index 4294967294", asRequest.get("note").asText());
        assertEquals("netif_tx_response", asResponse.get("as").asText());
        assertEquals(0x1234, asResponse.get("fields").get("id").asInt());
    }

    @Test
    void hexFileAndStdinAreReadLikeBinary() throws IOException {
        byte[] bytes = txPage();
        StringBuilder dump = new StringBuilder();
        for (int i = 0; i < bytes.length; i += 16) {
            dump.append(Hex.encode(bytes, i, 16)).append('\n');
        }
        Path hexFile = file("tx.hex", dump.toString().getBytes(StandardCharsets.US_ASCII));
        Cli.Result binary = Cli.run("decode", "--ring", "tx", "--file", file("tx.bin", bytes).toString());
        Cli.Result text = Cli.run("decode", "--ring", "tx", "--file", hexFile.toString());
        assertEquals(0, text.exit(), text.toString());
        assertEquals(binary.out(), text.out());
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(bytes));
            Cli.Result stdin = Cli.run("decode", "--ring", "tx", "--file", "-");
            assertEquals(binary.out(), stdin.out(), stdin.toString());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void truncatedBinaryPageExitsTwo() throws IOException {
        Path f = file("short.bin", Arrays.copyOf(txPage(), 4095));
        Cli.Result r = Cli.run("decode", "--ring", "tx", "--file", f.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(f + ": page is 4095 bytes, expected 4096"), r.toString());
        assertEquals("", r.out());
    }

    @Test
    void oversizedBinaryPageExitsTwo() throws IOException {
        Path f = file("long.bin", Arrays.copyOf(txPage(), 4097));
        Cli.Result r = Cli.run("decode", "--ring", "tx", "--file", f.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(f + ": page is 4097 bytes, expected 4096"), r.toString());
    }

    @Test
    void hexOfTheWrongSizeExitsTwo() {
        Cli.Result r = Cli.run("decode", "--ring", "rx", "--hex", Hex.encode(new byte[4095]));
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--hex: page is 4095 bytes, expected 4096"), r.toString());
    }

    @Test
    void badHexExitsTwoNamingTheCharacter() throws IOException {
        Cli.Result r = Cli.run("decode", "--ring", "tx", "--hex", "00 1g");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--hex: bad hex: 'g' at position 4 is not a hex digit"), r.toString());
        Path f = file("bad.hex", "0011 22x3\n".getBytes(StandardCharsets.US_ASCII));
        Cli.Result fromFile = Cli.run("decode", "--ring", "tx", "--file", f.toString());
        assertEquals(2, fromFile.exit(), fromFile.toString());
        assertTrue(fromFile.err().contains(f + ": bad hex: 'x' at position 7"), fromFile.toString());
        Cli.Result odd = Cli.run("decode", "--struct", "netif_tx_response", "0100fff");
        assertEquals(2, odd.exit(), odd.toString());
        assertTrue(odd.err().contains("odd number of digits"), odd.toString());
    }

    @Test
    void missingFileExitsTwo() {
        Cli.Result r = Cli.run("decode", "--ring", "tx", "--file", dir.resolve("absent.bin").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("absent.bin: no such file"), r.toString());
    }

    @Test
    void usageErrorsExitTwo() {
        String hex = Hex.encode(txPage());
        assertUsage(Cli.run("decode", "--hex", hex), "--ring tx|rx|ctrl is required");
        assertUsage(Cli.run("decode", "--ring", "fx", "--hex", hex), "'fx' is not a ring");
        assertUsage(Cli.run("decode", "--ring", "tx", "--window", "some", "--hex", hex), "'some' is not a window");
        assertUsage(Cli.run("decode", "--ring", "tx", "--window", "responses", "--count", "257", "--hex", hex),
                "--count 257 is outside 0..256");
        assertUsage(Cli.run("decode", "--ring", "tx", "--count", "3", "--hex", hex), "--count applies to");
        assertUsage(Cli.run("decode", "--ring", "tx"), "Missing required argument");
        assertUsage(Cli.run("decode", "--ring", "tx", "--hex", hex, "--file", "x"), "mutually exclusive");
        assertUsage(Cli.run("decode", "--ring", "tx", "--struct", "netif_tx_response", "01000000"),
                "--ring applies to a page");
    }

    private static void assertUsage(Cli.Result r, String message) {
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(message), "expected '" + message + "' in\n" + r);
    }
}

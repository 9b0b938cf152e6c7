package dev.netifkit.conformance.vectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netifkit.proto.HashType;
import dev.netifkit.proto.ring.RingGeometry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Phase 1 of vector verification: reads a {@code netif-abi-vectors/1} file into typed cases, or fails with a
 * {@link VectorFileException} that names the file, the JSON path and the problem.
 */
public final class VectorParser {
    /** The format this parser reads. */
    public static final String FORMAT = "netif-abi-vectors/1";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private VectorParser() {
    }

    /**
     * Reads a file.
     *
     * @param file the file
     * @return its cases
     * @throws VectorFileException if it is unreadable or invalid
     */
    public static VectorFile read(Path file) throws VectorFileException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = MAPPER.readTree(in);
        } catch (NoSuchFileException e) {
            throw new VectorFileException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new VectorFileException(file + ": not valid JSON: " + e.getOriginalMessage()
                    + location(e), e);
        } catch (IOException e) {
            throw new VectorFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return new VectorFile(file.toString(), parse(root));
        } catch (VectorFileException e) {
            throw new VectorFileException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses an already-read document.
     *
     * @param root the JSON document
     * @return its cases
     * @throws VectorFileException naming the JSON path of the first problem
     */
    static List<VectorCase> parse(JsonNode root) throws VectorFileException {
        if (root == null || !root.isObject()) {
            throw new VectorFileException("$: expected a JSON object with \"format\" and \"cases\"");
        }
        JsonReader top = new JsonReader(root, "$");
        String format = top.string("format");
        if (!FORMAT.equals(format)) {
            throw new VectorFileException("$.format: \"" + format + "\" (expected \"" + FORMAT + "\")");
        }
        JsonNode cases = top.array("cases");
        List<VectorCase> out = new ArrayList<>(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            out.add(parseCase(i, new JsonReader(cases.get(i), "$.cases[" + i + "]")));
        }
        return out;
    }

    private static VectorCase parseCase(int i, JsonReader c) throws VectorFileException {
        String kind = c.string("kind");
        String json = c.raw().toString();
        StructKind struct = StructKind.byName(kind);
        if (struct != null) {
            Object fields = struct.fromFields(c.object("fields"));
            byte[] hex = c.hex("hex");
            if (hex.length != struct.length()) {
                throw new VectorFileException(c.path() + ".hex: " + hex.length + " bytes (a " + kind + " is "
                        + struct.length() + ")");
            }
            return new VectorCase.Struct(i, json, struct, fields, hex);
        }
        switch (kind) {
            case "ring_size": {
                String ring = c.string("ring");
                return new VectorCase.RingSize(i, json, ring, slotSize(c, ring),
                        (int) c.integer("bytes", 0, Integer.MAX_VALUE, "byte count"),
                        (int) c.integer("entries", 0, Integer.MAX_VALUE, "entries"));
            }
            case "ring_arith":
                return ringArith(i, json, c);
            case "push_notify":
                return new VectorCase.PushNotify(i, json, side(c), c.u32("old"), c.u32("new"), c.u32("event"),
                        c.bool("notify"));
            case "final_check":
                return finalCheck(i, json, c);
            case "sring":
                return sring(i, json, c);
            case "toeplitz":
                return new VectorCase.Toeplitz(i, json, c.hex("key"), c.hex("data"), c.u32("hash"));
            case "packet_hash": {
                HashType type;
                try {
                    type = HashType.parse(c.string("hash_type"));
                } catch (IllegalArgumentException e) {
                    throw new VectorFileException(c.path() + ".hash_type: " + e.getMessage());
                }
                return new VectorCase.PacketHash(i, json, type, c.hex("key"), c.hex("packet"), c.u32("hash"));
            }
            default:
                throw new VectorFileException(c.path() + ".kind: unknown kind \"" + kind + "\"");
        }
    }

    private static VectorCase ringArith(int i, String json, JsonReader c) throws VectorFileException {
        String op = c.string("op");
        int size = ringSize(c);
        JsonReader a = c.object("args");
        String[] names;
        boolean bool;
        switch (op) {
            case "free_requests":
                names = new String[] {"req_prod_pvt", "rsp_cons"};
                bool = false;
                break;
            case "unconsumed_responses":
                names = new String[] {"rsp_prod", "rsp_cons"};
                bool = false;
                break;
            case "unconsumed_requests":
                names = new String[] {"req_prod", "req_cons", "rsp_prod_pvt"};
                bool = false;
                break;
            case "request_cons_overflow":
                names = new String[] {"cons", "rsp_prod_pvt"};
                bool = true;
                break;
            case "request_prod_overflow":
                names = new String[] {"prod", "rsp_prod_pvt"};
                bool = true;
                break;
            case "response_prod_overflow":
                names = new String[] {"prod", "rsp_cons"};
                bool = true;
                break;
            default:
                throw new VectorFileException(c.path() + ".op: unknown ring_arith op \"" + op + "\"");
        }
        a.onlyKeys(java.util.Set.of(names));
        int[] args = new int[names.length];
        for (int k = 0; k < names.length; k++) {
            args[k] = a.u32(names[k]);
        }
        long result = bool ? (c.bool("result") ? 1 : 0) : Integer.toUnsignedLong(c.u32("result"));
        return new VectorCase.RingArith(i, json, op, size, args, result, bool);
    }

    private static VectorCase finalCheck(int i, String json, JsonReader c) throws VectorFileException {
        boolean requests = side(c);
        int size = ringSize(c);
        JsonReader a = c.object("args");
        int[] args;
        int after;
        if (requests) {
            a.onlyKeys(java.util.Set.of("req_prod", "req_cons", "rsp_prod_pvt", "req_event"));
            args = new int[] {a.u32("req_prod"), a.u32("req_cons"), a.u32("rsp_prod_pvt"), a.u32("req_event")};
            after = c.u32("req_event_after");
        } else {
            a.onlyKeys(java.util.Set.of("rsp_prod", "rsp_cons", "rsp_event"));
            args = new int[] {a.u32("rsp_prod"), a.u32("rsp_cons"), a.u32("rsp_event")};
            after = c.u32("rsp_event_after");
        }
        return new VectorCase.FinalCheck(i, json, requests, size, args, c.bool("work"), after);
    }

    private static VectorCase sring(int i, String json, JsonReader c) throws VectorFileException {
        String ring = c.string("ring");
        int slot = slotSize(c, ring);
        int bytes = (int) c.integer("bytes", 0, 1 << 24, "byte count");
        if (RingGeometry.entriesFor(slot, bytes) == 0) {
            throw new VectorFileException(c.path() + ".bytes: " + bytes + " bytes hold no " + ring + " slot");
        }
        int start = c.u32("start");
        boolean rx = "netif_rx".equals(ring);
        String listKey = rx ? "responses" : "requests";
        StructKind entryKind = rx ? StructKind.NETIF_RX_RESPONSE
                : "netif_tx".equals(ring) ? StructKind.NETIF_TX_REQUEST : StructKind.XEN_NETIF_CTRL_REQUEST;
        JsonNode list = c.array(listKey);
        List<Object> entries = new ArrayList<>(list.size());
        for (int k = 0; k < list.size(); k++) {
            entries.add(entryKind.fromFields(new JsonReader(list.get(k), c.path() + "." + listKey + "[" + k + "]")));
        }
        if (entries.size() > RingGeometry.entriesFor(slot, bytes)) {
            throw new VectorFileException(c.path() + "." + listKey + ": " + entries.size()
                    + " entries do not fit a ring of " + RingGeometry.entriesFor(slot, bytes));
        }
        int reqProd = rx ? c.u32("req_prod") : 0;
        int rspEvent = rx ? c.u32("rsp_event") : 0;
        byte[] hex = c.hex("hex");
        if (hex.length != bytes) {
            throw new VectorFileException(c.path() + ".hex: " + hex.length + " bytes (the page is " + bytes + ")");
        }
        return new VectorCase.Sring(i, json, ring, slot, bytes, start, entryKind, entries, reqProd, rspEvent,
                c.bool("notify"), hex);
    }

    private static boolean side(JsonReader c) throws VectorFileException {
        String side = c.string("side");
        if ("requests".equals(side)) {
            return true;
        }
        if ("responses".equals(side)) {
            return false;
        }
        throw new VectorFileException(c.path() + ".side: \"" + side + "\" (expected requests or responses)");
    }

    private static int ringSize(JsonReader c) throws VectorFileException {
        return c.u32("size"); // RING_SIZE is the C macros' unsigned value: any u32 is computed as C would
    }

    private static int slotSize(JsonReader c, String ring) throws VectorFileException {
        switch (ring) {
            case "netif_tx":
                return RingGeometry.TX_SLOT_SIZE;
            case "netif_rx":
                return RingGeometry.RX_SLOT_SIZE;
            case "xen_netif_ctrl":
                return RingGeometry.CTRL_SLOT_SIZE;
            default:
                throw new VectorFileException(c.path() + ".ring: unknown ring \"" + ring
                        + "\" (expected netif_tx, netif_rx or xen_netif_ctrl)");
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}

package dev.netifkit.conformance.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netifkit.proto.Hex;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A JSON object being parsed, with its JSON path: typed, path-aware reads whose every problem is an {@link Invalid}
 * naming the path and what was expected. Unknown keys are rejected by {@link #only(String...)}.
 */
final class Obj {
    private final JsonNode node;
    private final String path;

    private Obj(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Obj of(JsonNode node, String path) throws Invalid {
        if (node == null || !node.isObject()) {
            throw new Invalid(path, "expected an object, got " + describe(node));
        }
        return new Obj(node, path);
    }

    String path() {
        return path;
    }

    /** The path of a member: {@code $.a.b}, or {@code $.a['queue-0/x']} for keys that are not identifiers. */
    String at(String key) {
        return member(path, key);
    }

    static String member(String path, String key) {
        return key.matches("[A-Za-z_][A-Za-z0-9_]*") ? path + "." + key : path + "['" + key + "']";
    }

    /** Rejects any key outside {@code allowed}: a typo must not silently weaken a check. */
    void only(String... allowed) throws Invalid {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            boolean ok = false;
            for (String a : allowed) {
                if (a.equals(k)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                throw new Invalid(at(k), "unknown key (expected " + String.join(", ", allowed) + ")");
            }
        }
    }

    List<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    boolean has(String key) {
        return node.has(key);
    }

    int size() {
        return node.size();
    }

    /** The member, or null when absent (a JSON null is returned as a NullNode). */
    JsonNode get(String key) {
        return node.get(key);
    }

    JsonNode require(String key) throws Invalid {
        JsonNode v = node.get(key);
        if (v == null) {
            throw new Invalid(at(key), "missing");
        }
        return v;
    }

    Obj object(String key) throws Invalid {
        return of(require(key), at(key));
    }

    List<JsonNode> array(String key) throws Invalid {
        return array(require(key), at(key));
    }

    String string(String key) throws Invalid {
        return string(require(key), at(key));
    }

    String string(String key, String dflt) throws Invalid {
        return has(key) ? string(key) : dflt;
    }

    boolean bool(String key, boolean dflt) throws Invalid {
        if (!has(key)) {
            return dflt;
        }
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw new Invalid(at(key), "expected true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    long integer(String key, long min, long max, String what) throws Invalid {
        return integer(require(key), at(key), min, max, what);
    }

    long integer(String key, long min, long max, String what, long dflt) throws Invalid {
        return has(key) ? integer(key, min, max, what) : dflt;
    }

    /** A u32 held in an int. */
    int u32(String key, int dflt) throws Invalid {
        return has(key) ? (int) integer(key, 0, 0xFFFF_FFFFL, "u32") : dflt;
    }

    int u16(String key, int dflt) throws Invalid {
        return has(key) ? (int) integer(key, 0, 0xFFFF, "u16") : dflt;
    }

    int u8(String key, int dflt) throws Invalid {
        return has(key) ? (int) integer(key, 0, 0xFF, "u8") : dflt;
    }

    byte[] hex(String key) throws Invalid {
        return hex(require(key), at(key));
    }

    // ---- static helpers on bare nodes -------------------------------------------------------------------------

    static List<JsonNode> array(JsonNode v, String path) throws Invalid {
        if (v == null || !v.isArray()) {
            throw new Invalid(path, "expected an array, got " + describe(v));
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.elements().forEachRemaining(out::add);
        return out;
    }

    static String string(JsonNode v, String path) throws Invalid {
        if (v == null || !v.isTextual()) {
            throw new Invalid(path, "expected a string, got " + describe(v));
        }
        return v.textValue();
    }

    static long integer(JsonNode v, String path, long min, long max, String what) throws Invalid {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new Invalid(path, "expected an integer (" + what + "), got " + describe(v));
        }
        long x = v.longValue();
        if (x < min || x > max) {
            throw new Invalid(path, x + " is out of range for " + what + " (" + min + ".." + max + ")");
        }
        return x;
    }

    static byte[] hex(JsonNode v, String path) throws Invalid {
        String text = string(v, path);
        try {
            return Hex.decode(text);
        } catch (IllegalArgumentException e) {
            throw new Invalid(path, e.getMessage());
        }
    }

    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        String text = v.toString();
        return v.getNodeType().name().toLowerCase(Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}

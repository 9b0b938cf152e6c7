package dev.netifkit.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netifkit.proto.Hex;

import java.util.Iterator;
import java.util.Set;

/**
 * Typed, path-aware reads from a JSON object: every problem becomes a {@link VectorFileException} naming the
 * JSON path ({@code cases[12].fields.gref}) and what was expected.
 */
final class JsonReader {
    private final JsonNode node;
    private final String path;

    JsonReader(JsonNode node, String path) throws VectorFileException {
        if (node == null || !node.isObject()) {
            throw new VectorFileException(path + ": expected an object, got " + describe(node));
        }
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    boolean has(String key) {
        return node.has(key);
    }

    JsonNode raw() {
        return node;
    }

    JsonReader object(String key) throws VectorFileException {
        return new JsonReader(require(key), path + "." + key);
    }

    JsonNode array(String key) throws VectorFileException {
        JsonNode v = require(key);
        if (!v.isArray()) {
            throw new VectorFileException(path + "." + key + ": expected an array, got " + describe(v));
        }
        return v;
    }

    String string(String key) throws VectorFileException {
        JsonNode v = require(key);
        if (!v.isTextual()) {
            throw new VectorFileException(path + "." + key + ": expected a string, got " + describe(v));
        }
        return v.asText();
    }

    boolean bool(String key) throws VectorFileException {
        JsonNode v = require(key);
        if (!v.isBoolean()) {
            throw new VectorFileException(path + "." + key + ": expected true or false, got " + describe(v));
        }
        return v.asBoolean();
    }

    byte[] hex(String key) throws VectorFileException {
        String text = string(key);
        try {
            return Hex.decode(text);
        } catch (IllegalArgumentException e) {
            throw new VectorFileException(path + "." + key + ": " + e.getMessage());
        }
    }

    /** An integer in [min, max], returned as a long (u32 values fit). */
    long integer(String key, long min, long max, String type) throws VectorFileException {
        return integer(require(key), path + "." + key, min, max, type);
    }

    int u8(String key) throws VectorFileException {
        return (int) integer(key, 0, 0xFF, "u8");
    }

    int u16(String key) throws VectorFileException {
        return (int) integer(key, 0, 0xFFFF, "u16");
    }

    int s16(String key) throws VectorFileException {
        return (int) integer(key, Short.MIN_VALUE, Short.MAX_VALUE, "s16");
    }

    /** A u32 held in an int (unsigned). */
    int u32(String key) throws VectorFileException {
        return (int) integer(key, 0, 0xFFFF_FFFFL, "u32");
    }

    static long integer(JsonNode v, String at, long min, long max, String type) throws VectorFileException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new VectorFileException(at + ": expected an integer (" + type + "), got " + describe(v));
        }
        long x = v.asLong();
        if (x < min || x > max) {
            throw new VectorFileException(at + ": " + x + " does not fit " + type + " (" + min + ".." + max + ")");
        }
        return x;
    }

    /** Rejects keys other than the allowed ones: a typo must not silently weaken a check. */
    void onlyKeys(Set<String> allowed) throws VectorFileException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new VectorFileException(path + "." + k + ": unknown field (expected " + allowed + ")");
            }
        }
    }

    private JsonNode require(String key) throws VectorFileException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new VectorFileException(path + "." + key + ": missing");
        }
        return v;
    }

    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        String text = v.toString();
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}

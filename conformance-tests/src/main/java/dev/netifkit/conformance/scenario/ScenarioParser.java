package dev.netifkit.conformance.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netifkit.conformance.spi.BackendContext;
import dev.netifkit.hv.grant.GrantEntryV1Layout;
import dev.netifkit.hv.grant.GrantTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Phase 1 of running a scenario: reads a {@code netif-scenario/1} file into a fully validated {@link Scenario}, or
 * fails with a {@link ScenarioFileException} naming the file, the JSON path and the problem. Unknown keys anywhere,
 * wrong types, out-of-range numbers, unknown names (flags, control types, statuses, extra and GSO types, settings)
 * and references to grefs the file does not grant where a page is needed are all errors; nothing runs before the
 * whole file is valid.
 */
public final class ScenarioParser {
    /** Largest gref a scenario may grant: the last entry of a default-size grant table. */
    public static final int MAX_GRANT_REF = ScenarioExecution.FRONTEND_GRANT_FRAMES * GrantEntryV1Layout.ENTRIES_PER_FRAME - 1;
    /** Largest number of queues a scenario may ask for. */
    public static final int MAX_QUEUES = 64;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Set<Integer> mentioned = new HashSet<>();
    private final Map<Integer, GrantSpec> grants = new TreeMap<>();
    private FrontendSpec frontend;

    private ScenarioParser() {
    }

    /**
     * Reads and validates a file.
     *
     * @param file the file
     * @return the scenario
     * @throws ScenarioFileException if it is unreadable, not JSON, or not a valid scenario
     */
    public static Scenario parse(Path file) throws ScenarioFileException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ScenarioFileException(name, "$", "no such file", e);
        } catch (IOException e) {
            throw new ScenarioFileException(name, "$", "cannot read: " + e, e);
        }
        return parse(name, text);
    }

    /**
     * Validates a document.
     *
     * @param file the name messages use for it
     * @param json the document
     * @return the scenario
     * @throws ScenarioFileException if it is not JSON or not a valid scenario
     */
    public static Scenario parse(String file, String json) throws ScenarioFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ScenarioFileException(file, "$", "not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ScenarioFileException(file, "$", "empty file (expected a netif-scenario/1 object)");
        }
        try {
            return new ScenarioParser().scenario(file, root);
        } catch (Invalid e) {
            throw new ScenarioFileException(file, e.path(), e.problem(), e);
        }
    }

    private Scenario scenario(String file, JsonNode root) throws Invalid {
        Obj top = Obj.of(root, "$");
        top.only("format", "name", "clauses", "backend", "frontend", "grants", "steps", "expect");
        String format = top.string("format");
        if (!Scenario.FORMAT.equals(format)) {
            throw new Invalid(top.at("format"), "\"" + format + "\" (expected \"" + Scenario.FORMAT + "\")");
        }
        String name = top.string("name");
        if (name.isBlank()) {
            throw new Invalid(top.at("name"), "empty name");
        }
        List<String> clauses = new ArrayList<>();
        if (top.has("clauses")) {
            List<JsonNode> list = top.array("clauses");
            for (int i = 0; i < list.size(); i++) {
                clauses.add(Obj.string(list.get(i), top.at("clauses") + "[" + i + "]"));
            }
        }
        BackendSpec backend = backend(top);
        frontend = frontend(top);
        if (top.has("grants")) {
            List<JsonNode> list = top.array("grants");
            for (int i = 0; i < list.size(); i++) {
                grant(Obj.of(list.get(i), top.at("grants") + "[" + i + "]"));
            }
        }
        StepParser steps = new StepParser(frontend, grants.keySet(), mentioned);
        ExpectParser expects = new ExpectParser(frontend, grants.keySet(), mentioned);
        List<Step> stepList = new ArrayList<>();
        if (top.has("steps")) {
            List<JsonNode> list = top.array("steps");
            for (int i = 0; i < list.size(); i++) {
                stepList.add(steps.step(i, list.get(i), top.at("steps") + "[" + i + "]", expects));
            }
        }
        List<Expectation> expect = top.has("expect") ? expects.expect(top.require("expect"), top.at("expect"),
                frontend.queues()) : List.of();
        return new Scenario(file, name, clauses, backend, frontend, new ArrayList<>(grants.values()), stepList, expect,
                mentioned);
    }

    private static BackendSpec backend(Obj top) throws Invalid {
        Map<String, Long> settings = new HashMap<>(BackendContext.DEFAULT_SETTINGS);
        if (!top.has("backend")) {
            return new BackendSpec("copy", settings);
        }
        Obj b = top.object("backend");
        b.only("mode", "settings");
        String mode = b.string("mode", "copy");
        if (!mode.equals("copy") && !mode.equals("map") && !mode.equals("staging")) {
            throw new Invalid(b.at("mode"), "unknown mode \"" + mode + "\" (expected copy, map or staging)");
        }
        if (b.has("settings")) {
            Obj s = b.object("settings");
            for (String key : s.keys()) {
                if (!BackendContext.DEFAULT_SETTINGS.containsKey(key)) {
                    throw new Invalid(s.at(key), "unknown setting (expected "
                            + String.join(", ", new java.util.TreeSet<>(BackendContext.DEFAULT_SETTINGS.keySet())) + ")");
                }
                long max = BackendContext.GREF_MAPPING_SIZE.equals(key) ? 65_536 : Integer.MAX_VALUE;
                long min = BackendContext.MAX_QUEUES.equals(key) ? 1 : 0;
                settings.put(key, s.integer(key, min, max, "this setting"));
            }
        }
        return new BackendSpec(mode, settings);
    }

    private static FrontendSpec frontend(Obj top) throws Invalid {
        if (!top.has("frontend")) {
            return new FrontendSpec(Map.of(), 1, false, 0, 0);
        }
        Obj f = top.object("frontend");
        f.only("keys", "queues", "ctrl_ring", "tx_start", "rx_start");
        Map<String, String> keys = new LinkedHashMap<>();
        if (f.has("keys")) {
            Obj k = f.object("keys");
            for (String key : k.keys()) {
                if (!key.matches("[A-Za-z0-9_@:.-]+(/[A-Za-z0-9_@:.-]+)*")) {
                    throw new Invalid(k.at(key), "not a relative xenstore path (characters A-Z a-z 0-9 _ @ : . - and"
                            + " '/' between names)");
                }
                JsonNode v = k.get(key);
                if (v.isNull()) {
                    keys.put(key, null);
                } else if (v.isTextual()) {
                    keys.put(key, v.textValue());
                } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                    keys.put(key, Long.toString(v.longValue()));
                } else {
                    throw new Invalid(k.at(key), "expected a string, an integer or null, got " + Obj.describe(v));
                }
            }
        }
        int queues = (int) f.integer("queues", 1, MAX_QUEUES, "a queue count", 1);
        return new FrontendSpec(keys, queues, f.bool("ctrl_ring", false), f.u32("tx_start", 0), f.u32("rx_start", 0));
    }

    private void grant(Obj g) throws Invalid {
        g.only("gref", "data", "pattern", "at", "readonly", "domid");
        int gref = (int) g.integer("gref", GrantEntryV1Layout.RESERVED_ENTRIES, MAX_GRANT_REF, "a grantable gref");
        if (grants.containsKey(gref)) {
            throw new Invalid(g.at("gref"), "gref " + gref + " is granted twice");
        }
        if (g.has("data") && g.has("pattern")) {
            throw new Invalid(g.path(), "both data and pattern (give one)");
        }
        boolean pattern = false;
        if (g.has("pattern")) {
            String p = g.string("pattern");
            if (!p.equals("seq")) {
                throw new Invalid(g.at("pattern"), "unknown pattern \"" + p + "\" (expected seq)");
            }
            pattern = true;
        }
        byte[] data = g.has("data") ? g.hex("data") : new byte[0];
        int at = (int) g.integer("at", 0, 4096, "a page offset", 0);
        if (pattern && at != 0) {
            throw new Invalid(g.at("at"), "pattern fills the whole page: at must be 0");
        }
        if (at + data.length > 4096) {
            throw new Invalid(g.at("data"), data.length + " bytes at offset " + at + " run past the 4096-byte page");
        }
        int domid = (int) g.integer("domid", 0, 0x7FEF, "a domid", 0);
        grants.put(gref, new GrantSpec(gref, data, pattern, at, g.bool("readonly", false), domid));
        mentioned.add(gref);
    }
}

package dev.netifkit.conformance.clauses;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every clause of the protocol digest, by ID, in digest order: what violations, test names, scenario files and
 * reports refer to. Loaded from the bundled {@code clauses.tsv}.
 */
public final class ClauseCatalogue {
    private static final ClauseCatalogue INSTANCE = load();

    private final Map<String, Clause> byId;

    private ClauseCatalogue(Map<String, Clause> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** @return the catalogue */
    public static ClauseCatalogue get() {
        return INSTANCE;
    }

    /** @return every clause, in digest order */
    public List<Clause> all() {
        return new ArrayList<>(byId.values());
    }

    /**
     * @param id a clause ID
     * @return the clause, or null if the digest has no such clause
     */
    public Clause find(String id) {
        return byId.get(id);
    }

    /**
     * @param id a clause ID
     * @return true if the digest defines it
     */
    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    private static ClauseCatalogue load() {
        Map<String, Clause> m = new LinkedHashMap<>();
        try (InputStream in = ClauseCatalogue.class.getResourceAsStream("clauses.tsv")) {
            if (in == null) {
                throw new IllegalStateException("clauses.tsv is missing from the conformance-tests jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 4);
                m.put(f[0], new Clause(f[0], f[1], f[2], f[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClauseCatalogue(m);
    }
}

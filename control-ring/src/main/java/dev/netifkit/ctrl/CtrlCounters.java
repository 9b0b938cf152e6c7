package dev.netifkit.ctrl;

import dev.netifkit.proto.CtrlType;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Plain counters of a {@link CtrlBackend}: written only on the backend domain's context, read by tests, reports and
 * the CLI. Counters, not logs, on every request path.
 */
public final class CtrlCounters {
    private static final CtrlType[] KNOWN = {
        CtrlType.INVALID, CtrlType.GET_HASH_FLAGS, CtrlType.SET_HASH_FLAGS, CtrlType.SET_HASH_KEY,
        CtrlType.GET_HASH_MAPPING_SIZE, CtrlType.SET_HASH_MAPPING_SIZE, CtrlType.SET_HASH_MAPPING,
        CtrlType.SET_HASH_ALGORITHM, CtrlType.GET_GREF_MAPPING_SIZE, CtrlType.ADD_GREF_MAPPING,
        CtrlType.DEL_GREF_MAPPING,
    };

    private final long[] byType = new long[KNOWN.length];
    private long requests;
    private long unknownTypes;
    private long errors;
    private long processCalls;
    private long idleCalls;
    private long notificationsSent;
    private long grefsMapped;
    private long grefsUnmapped;
    private long statusWriteFailures;
    private long unmapFailures;
    private long brokenEvents;

    CtrlCounters() {
    }

    void request(int type, int status) {
        requests++;
        if (type < byType.length) {
            byType[type]++;
        } else {
            unknownTypes++;
        }
        if (status != 0) {
            errors++;
        }
    }

    void processCall(boolean idle) {
        processCalls++;
        if (idle) {
            idleCalls++;
        }
    }

    void notificationSent() {
        notificationsSent++;
    }

    void grefsMapped(int n) {
        grefsMapped += n;
    }

    void grefsUnmapped(int n) {
        grefsUnmapped += n;
    }

    void statusWriteFailure() {
        statusWriteFailures++;
    }

    void unmapFailures(int n) {
        unmapFailures += n;
    }

    void broken() {
        brokenEvents++;
    }

    /** @return requests answered */
    public long requests() {
        return requests;
    }

    /**
     * Requests of one type answered.
     *
     * @param type a defined type ({@link CtrlType#UNKNOWN} counts every undefined code)
     * @return the count
     */
    public long requests(CtrlType type) {
        return type == CtrlType.UNKNOWN ? unknownTypes : byType[type.code()];
    }

    /** @return requests answered with a status other than SUCCESS */
    public long errors() {
        return errors;
    }

    /** @return calls of {@link CtrlBackend#process()} that looked at the ring */
    public long processCalls() {
        return processCalls;
    }

    /** @return of those, calls that found no request (spurious or coalesced notifications, GNT-5) */
    public long idleCalls() {
        return idleCalls;
    }

    /** @return notifications sent to the frontend after pushing responses */
    public long notificationsSent() {
        return notificationsSent;
    }

    /** @return grefs added to gref mapping tables */
    public long grefsMapped() {
        return grefsMapped;
    }

    /** @return grefs removed from gref mapping tables by DEL_GREF_MAPPING (not by close) */
    public long grefsUnmapped() {
        return grefsUnmapped;
    }

    /** @return DEL_GREF_MAPPING status write-backs that failed (e.g. a read-only list page); removals stood */
    public long statusWriteFailures() {
        return statusWriteFailures;
    }

    /** @return unmaps the hypervisor refused (never expected: the handles are the backend's own) */
    public long unmapFailures() {
        return unmapFailures;
    }

    /** @return 1 once the ring has been found broken (BK-17), else 0 */
    public long brokenEvents() {
        return brokenEvents;
    }

    /**
     * All counters by snake_case name, per-type counts as {@code requests_<type>}.
     *
     * @return an ordered map, a new one per call
     */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("requests", requests);
        for (CtrlType t : KNOWN) {
            m.put("requests_" + t.name().toLowerCase(Locale.ROOT), byType[t.code()]);
        }
        m.put("requests_unknown", unknownTypes);
        m.put("errors", errors);
        m.put("process_calls", processCalls);
        m.put("idle_calls", idleCalls);
        m.put("notifications_sent", notificationsSent);
        m.put("grefs_mapped", grefsMapped);
        m.put("grefs_unmapped", grefsUnmapped);
        m.put("status_write_failures", statusWriteFailures);
        m.put("unmap_failures", unmapFailures);
        m.put("broken_events", brokenEvents);
        return m;
    }

    @Override
    public String toString() {
        return "CtrlCounters" + asMap();
    }
}

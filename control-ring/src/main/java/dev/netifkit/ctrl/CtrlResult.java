package dev.netifkit.ctrl;

import dev.netifkit.proto.CtrlStatus;
import dev.netifkit.proto.CtrlType;

import java.util.Arrays;

/**
 * The outcome of one control request sent by a {@link CtrlClient}.
 *
 * @param type the request's type (CTRL-2 code)
 * @param rawStatus the response's status as sent (u32 in an int), or {@link #NO_STATUS} when timed out
 * @param data the response's data (u32 in an int); 0 when timed out
 * @param entryStatuses for DEL_GREF_MAPPING answered in time: the status field of each list entry as read back from
 *                      the list page after the response (SG-4; {@code 0xFFFF} for an entry the backend did not
 *                      write); null otherwise. The array is the result's own; do not modify it.
 * @param timedOut true if no response came within the client's timeout
 */
public record CtrlResult(int type, int rawStatus, int data, int[] entryStatuses, boolean timedOut) {
    /** rawStatus of a timed-out request. */
    public static final int NO_STATUS = -1;

    /**
     * A timed-out result.
     *
     * @param type the request's type
     * @return the result
     */
    static CtrlResult timeout(int type) {
        return new CtrlResult(type, NO_STATUS, 0, null, true);
    }

    /**
     * The status as an enum.
     *
     * @return the status, {@link CtrlStatus#UNKNOWN} when timed out or for an undefined code
     */
    public CtrlStatus status() {
        return timedOut ? CtrlStatus.UNKNOWN : CtrlStatus.fromCode(rawStatus);
    }

    /**
     * Whether the request succeeded.
     *
     * @return true if answered in time with SUCCESS
     */
    public boolean success() {
        return !timedOut && rawStatus == CtrlStatus.SUCCESS.code();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CtrlResult r && r.type == type && r.rawStatus == rawStatus && r.data == data
                && Arrays.equals(r.entryStatuses, entryStatuses) && r.timedOut == timedOut;
    }

    @Override
    public int hashCode() {
        return ((type * 31 + rawStatus) * 31 + data) * 31 + Arrays.hashCode(entryStatuses) + (timedOut ? 1 : 0);
    }

    @Override
    public String toString() {
        if (timedOut) {
            return "CtrlResult[" + CtrlType.nameOf(type) + " timed out]";
        }
        return "CtrlResult[" + CtrlType.nameOf(type) + " " + CtrlStatus.nameOf(rawStatus) + ", data="
                + Integer.toUnsignedString(data)
                + (entryStatuses == null ? "" : ", entryStatuses=" + Arrays.toString(entryStatuses)) + "]";
    }
}

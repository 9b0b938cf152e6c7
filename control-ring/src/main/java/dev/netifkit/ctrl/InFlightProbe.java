package dev.netifkit.ctrl;

/**
 * Asks the backend's datapath whether a posted request it has not consumed yet names a gref (SG-4: such a gref is
 * in flight and DEL_GREF_MAPPING must leave it mapped). netback implements it by scanning the unconsumed windows of
 * the queue's tx and rx rings. Grefs that the datapath has consumed but not answered are tracked by the table's own
 * in-flight counts ({@link GrefMappingTable#markInFlight(int)}).
 */
@FunctionalInterface
public interface InFlightProbe {
    /** A probe for a backend that never has unconsumed requests (tests, tools). */
    InFlightProbe NONE = (queue, gref) -> false;

    /**
     * Whether a posted, not yet consumed request of a queue names a gref.
     *
     * @param queue the queue (already range-checked)
     * @param gref the gref, a u32 in an int
     * @return true if the gref is in flight
     */
    boolean posted(int queue, int gref);
}

package dev.netifkit.conformance.scenario;

import java.util.List;

/**
 * One step of a scenario: exactly one action, the queue it applies to, and what must hold right after it.
 *
 * @param index the step's position in {@code steps} (0-based, as in the JSON path)
 * @param action the action
 * @param queue the queue ({@code "queue"}, default 0)
 * @param queueGiven whether the file named a queue (guest_rx without one lets the backend choose)
 * @param expect expectations checked after the step (may be empty)
 */
public record Step(int index, Action action, int queue, boolean queueGiven, List<Expectation> expect) {
    /** Copies the expectations. */
    public Step {
        expect = List.copyOf(expect);
    }

    /** @return how failure messages name this step, e.g. {@code step 3 (tx)} */
    public String label() {
        return "step " + index + " (" + action.key() + ")";
    }
}

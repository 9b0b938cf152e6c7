package dev.netifkit.conformance.property;

import java.util.ArrayList;
import java.util.List;

/**
 * Proposes smaller variants of a failing value; the runner keeps the first that still fails and repeats.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Shrinker<T> {

    /**
     * Candidates strictly "smaller" than the value, most aggressive first (so shrinking terminates).
     *
     * @param value a failing value
     * @return candidates to try, possibly empty
     */
    List<T> candidates(T value);

    /**
     * A shrinker that proposes nothing.
     *
     * @param <T> the value type
     * @return the shrinker
     */
    static <T> Shrinker<T> none() {
        return v -> List.of();
    }

    /**
     * Shrinks a list by dropping chunks (halves, quarters, … single elements), then shortening from the end: the
     * usual way to find the shortest failing operation sequence.
     *
     * @param <E> the element type
     * @return the shrinker
     */
    static <E> Shrinker<List<E>> list() {
        return v -> {
            List<List<E>> out = new ArrayList<>();
            int n = v.size();
            for (int chunk = n / 2; chunk >= 1; chunk /= 2) {
                for (int start = 0; start + chunk <= n; start += chunk) {
                    List<E> c = new ArrayList<>(v.subList(0, start));
                    c.addAll(v.subList(start + chunk, n));
                    out.add(c);
                }
            }
            return out;
        };
    }

    /**
     * Candidates for an int: 0, then halfway towards 0, then one step towards 0.
     *
     * @param value the value
     * @return smaller ints (by magnitude)
     */
    static List<Integer> towardsZero(int value) {
        List<Integer> out = new ArrayList<>(3);
        if (value != 0) {
            out.add(0);
            if (value / 2 != 0) {
                out.add(value / 2);
            }
            int step = value > 0 ? value - 1 : value + 1;
            if (step != 0 && step != value / 2) {
                out.add(step);
            }
        }
        return out;
    }
}

package dev.netifkit.conformance.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Multiset comparison with wildcards: a maximum matching of expected items to actual ones (Kuhn's augmenting
 * paths), so {@code "negative"} statuses and unchecked fields never make a greedy choice fail a valid pairing.
 */
final class Matching {
    private Matching() {
    }

    /**
     * @return for each expected item the index of the actual item it is paired with, or -1 if none is left for it
     */
    static <E, A> int[] match(List<E> expected, List<A> actual, BiPredicate<E, A> fits) {
        int[] actualOwner = new int[actual.size()];
        Arrays.fill(actualOwner, -1);
        int[] pairedWith = new int[expected.size()];
        Arrays.fill(pairedWith, -1);
        for (int e = 0; e < expected.size(); e++) {
            augment(e, expected, actual, fits, actualOwner, new boolean[actual.size()]);
        }
        for (int a = 0; a < actual.size(); a++) {
            if (actualOwner[a] >= 0) {
                pairedWith[actualOwner[a]] = a;
            }
        }
        return pairedWith;
    }

    private static <E, A> boolean augment(int e, List<E> expected, List<A> actual, BiPredicate<E, A> fits,
                                          int[] owner, boolean[] seen) {
        for (int a = 0; a < actual.size(); a++) {
            if (!seen[a] && fits.test(expected.get(e), actual.get(a))) {
                seen[a] = true;
                if (owner[a] < 0 || augment(owner[a], expected, actual, fits, owner, seen)) {
                    owner[a] = e;
                    return true;
                }
            }
        }
        return false;
    }
}

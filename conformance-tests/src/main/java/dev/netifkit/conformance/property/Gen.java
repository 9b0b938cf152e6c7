package dev.netifkit.conformance.property;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A seeded generator of test values. Plain Java, reusable by users of the kit for their own properties.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Gen<T> {

    /**
     * Draws one value.
     *
     * @param random the seeded source; the same seed gives the same value
     * @return the value
     */
    T next(SplittableRandom random);

    /**
     * A generator of transformed values.
     *
     * @param f the transformation
     * @param <R> the result type
     * @return the mapped generator
     */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return r -> f.apply(next(r));
    }

    /**
     * Picks one of several generators uniformly.
     *
     * @param gens the choices
     * @param <T> the value type
     * @return the generator
     */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> list = List.of(gens);
        return r -> list.get(r.nextInt(list.size())).next(r);
    }

    /**
     * Picks one of several constants uniformly.
     *
     * @param values the choices
     * @param <T> the value type
     * @return the generator
     */
    @SafeVarargs
    static <T> Gen<T> elements(T... values) {
        List<T> list = List.of(values);
        return r -> list.get(r.nextInt(list.size()));
    }

    /**
     * Uniform ints in [min, max].
     *
     * @param min smallest value
     * @param max largest value
     * @return the generator
     */
    static Gen<Integer> ints(int min, int max) {
        return r -> r.nextInt(min, max + 1);
    }
}

package dev.netifkit.proto;

/**
 * Range checks for values given to records and encoders by users (not for peer input, which codecs carry as is).
 */
public final class Fields {
    private Fields() {
    }

    /**
     * Checks a field value against its width.
     *
     * @param field the C name of the field, e.g. {@code netif_tx_request.size}
     * @param value the value
     * @param min smallest allowed
     * @param max largest allowed
     * @throws IllegalArgumentException naming the field, the value and the range
     */
    public static void check(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " = " + value + " does not fit (expected " + min + ".." + max + ")");
        }
    }
}

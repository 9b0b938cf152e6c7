package dev.netifkit.cli.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoded fields of one structure, in C order: each with its raw value (u32 as an unsigned {@code long}) and,
 * where the protocol names values, the name (flag names, types, statuses). Not for the datapath.
 */
public final class SlotFields {

    /**
     * One field.
     *
     * @param name the C field name ({@code gso_size} for {@code u.gso.size})
     * @param value the raw value: Integer, Long (u32), String, or an int/long array
     * @param label the value's name, or null when the number says it all
     */
    public record Field(String name, Object value, String label) {
        /** @return the label if there is one, else the value as text */
        public String text() {
            if (label != null) {
                return label;
            }
            if (value instanceof long[] a) {
                return Arrays.toString(a);
            }
            if (value instanceof int[] a) {
                return Arrays.toString(a);
            }
            return String.valueOf(value);
        }
    }

    private final List<Field> fields = new ArrayList<>();

    /**
     * Adds a field without a name for its value.
     *
     * @param name the field
     * @param value its value
     * @return this
     */
    public SlotFields add(String name, Object value) {
        fields.add(new Field(name, value, null));
        return this;
    }

    /**
     * Adds a field whose value has a protocol name.
     *
     * @param name the field
     * @param value its raw value
     * @param label the value's name
     * @return this
     */
    public SlotFields add(String name, Object value, String label) {
        fields.add(new Field(name, value, label));
        return this;
    }

    /**
     * Adds a u32 field.
     *
     * @param name the field
     * @param value the u32 held in an int
     * @return this
     */
    public SlotFields u32(String name, int value) {
        return add(name, Integer.toUnsignedLong(value));
    }

    /** @return the fields in order */
    public List<Field> fields() {
        return Collections.unmodifiableList(fields);
    }

    /**
     * Looks a field up by name.
     *
     * @param name the field
     * @return it, or null
     */
    public Field field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** @return {@code name=text} pairs separated by spaces, for tables */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Field f : fields) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(f.name()).append('=').append(f.text());
        }
        return sb.toString();
    }

    /** @return the fields as a JSON object: each raw value, plus {@code <name>_name} where the value is named */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field f : fields) {
            m.put(f.name(), f.value());
            if (f.label() != null) {
                m.put(f.name() + "_name", f.label());
            }
        }
        return m;
    }
}

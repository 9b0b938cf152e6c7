package dev.netifkit.cli.decode;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** Which slots of a ring page {@code decode} shows, and as what. */
public enum Window {
    /** [rsp_prod, req_prod): requests posted and not answered, decoded as the consumer reads them. */
    REQUESTS,
    /** [rsp_prod − N, rsp_prod): the last N slots answered, decoded as responses. */
    RESPONSES,
    /** Every slot, decoded both as a request and as a response. */
    ALL;

    /** @return the name on the command line */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Converts {@code requests|responses|all} for picocli, case-insensitively. */
    public static final class Converter implements ITypeConverter<Window> {
        @Override
        public Window convert(String value) {
            for (Window w : values()) {
                if (w.option().equals(value.toLowerCase(Locale.ROOT))) {
                    return w;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a window (expected requests, responses or all)");
        }
    }

    /** The accepted names, for help and completion. */
    public static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("requests", "responses", "all").iterator();
        }
    }
}

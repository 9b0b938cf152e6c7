package dev.netifkit.conformance.vectors;

import java.util.List;

/**
 * A parsed vector file.
 *
 * @param name where it came from
 * @param cases its cases, in file order
 */
public record VectorFile(String name, List<VectorCase> cases) {
    /** @return the number of cases */
    public int size() {
        return cases.size();
    }
}

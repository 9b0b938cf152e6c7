package dev.netifkit.conformance.scenario;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Test resources as paths. */
final class Fixtures {
    private Fixtures() {
    }

    /** A resource (file or folder) of the test classpath, e.g. {@code scenario-fixtures/malformed}. */
    static Path path(String resource) {
        URL url = Fixtures.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("test resource " + resource + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.netifkit.cli;

import dev.netifkit.conformance.vectors.VectorParser;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code --version}: the Maven project version (from a resource filtered at build time), the vector format this
 * build reads, and the Java runtime.
 */
public final class VersionProvider implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    /**
     * The project version the build wrote into the filtered resource.
     *
     * @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} when run from unfiltered sources
     */
    public static String projectVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            // An unfiltered copy (an IDE run without Maven) still holds the placeholder.
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "netif " + projectVersion(),
            "reads " + VectorParser.FORMAT + " vector files",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        };
    }
}

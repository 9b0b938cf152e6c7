package dev.netifkit.cli.vectors;

import dev.netifkit.cli.InputException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/**
 * The public vector file shipped inside netif-cli, opened as a {@link Path} (a plain file when running from the
 * build's classes, an entry of the jar's zip file system otherwise) so the verifier reads it like any file.
 */
final class BundledVectors implements AutoCloseable {
    /** Classpath location of the bundled copy of /work/shared/vectors/netif-abi-vectors.json. */
    static final String RESOURCE = "/vectors/netif-abi-vectors.json";

    private final Path path;
    private final FileSystem ownedFileSystem;

    private BundledVectors(Path path, FileSystem ownedFileSystem) {
        this.path = path;
        this.ownedFileSystem = ownedFileSystem;
    }

    /**
     * Opens the bundled file.
     *
     * @return it
     * @throws InputException if the resource is missing from this build
     */
    static BundledVectors open() throws InputException {
        URL url = BundledVectors.class.getResource(RESOURCE);
        if (url == null) {
            throw new InputException("the bundled vector file " + RESOURCE + " is missing from this build");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystem fs = FileSystems.newFileSystem(uri, Map.of());
                    return new BundledVectors(fs.provider().getPath(uri), fs);
                } catch (FileSystemAlreadyExistsException e) {
                    return new BundledVectors(FileSystems.getFileSystem(uri).provider().getPath(uri), null);
                }
            }
            return new BundledVectors(Path.of(uri), null);
        } catch (URISyntaxException | IOException | RuntimeException e) {
            throw new InputException("cannot open the bundled vector file " + url + ": " + e.getMessage());
        }
    }

    /** @return the file */
    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (ownedFileSystem != null) {
            ownedFileSystem.close();
        }
    }
}

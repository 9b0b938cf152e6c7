package dev.netifkit.conformance.spi;

/**
 * Creates backends under test. Implementations need a public no-argument constructor so that
 * {@code --backend CLASS} can load them.
 */
@FunctionalInterface
public interface BackendFactory {

    /**
     * Creates one backend device. Called on the backend domain's execution context.
     *
     * @param context the backend's domain, its device directory and the scenario's settings
     * @return the backend, not yet started
     */
    BackendUnderTest create(BackendContext context);
}

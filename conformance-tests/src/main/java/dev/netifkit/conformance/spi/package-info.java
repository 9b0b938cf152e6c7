/**
 * The "backend under test" SPI: how the conformance kit drives a netif backend other than the reference one.
 *
 * <p>A third party implements {@link dev.netifkit.conformance.spi.BackendFactory} (public, no-argument
 * constructor) and passes its class name to {@code netif scenario run --backend CLASS}. The kit creates the
 * hypervisor, the backend's domain (domid 0) and the device's xenstore directories, then calls
 * {@link dev.netifkit.conformance.spi.BackendFactory#create} and {@link dev.netifkit.conformance.spi.BackendUnderTest#start()};
 * from then on the backend talks to the scripted frontend only through the emulated hypervisor — grants, event
 * channels and xenstore — exactly as two guests do.
 */
package dev.netifkit.conformance.spi;

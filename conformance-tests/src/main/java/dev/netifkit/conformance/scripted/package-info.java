/**
 * A scripted netif frontend: it sets up rings, event channels and xenstore keys exactly as told and writes raw,
 * possibly hostile, slots into the real shared rings through the emulated hypervisor — the driver of scenario files
 * and of any test that needs a frontend under its control.
 */
package dev.netifkit.conformance.scripted;

/**
 * {@code netif vectors}: commands on {@code netif-abi-vectors/1} files (golden cases produced by the C headers),
 * built on conformance-tests' parser and verifier.
 */
package dev.netifkit.cli.vectors;

/**
 * JMH benchmarks of netifkit: codec encode/decode per slot type against a JDK {@code ByteBuffer} baseline, and a
 * tx request's round trip through a real front/back ring pair. Not tests: run the shaded jar,
 * {@code java -jar benchmarks/target/benchmarks.jar -prof gc}.
 */
package dev.netifkit.bench;

/**
 * The {@code netif} command line (picocli): {@code vectors verify} checks golden ABI vector files against the
 * project's codecs and ring machinery, {@code decode} turns ring-page dumps and single structures into readable
 * tables or JSON.
 *
 * <p>{@link dev.netifkit.cli.NetifCli} is the entry point and the one place where top-level commands are
 * registered. Commands return exit codes ({@link dev.netifkit.cli.CliCommand#OK}, {@code FAILED}, {@code BAD_INPUT})
 * and never call {@code System.exit}: only {@code main} does. This module is the only one with a logging backend
 * (Logback, WARN to stderr; {@code -v} raises the {@code dev.netifkit} loggers to DEBUG).
 */
package dev.netifkit.cli;

package dev.netifkit.cli;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** Raises the netifkit loggers' level at run time: the only code that knows the backend is Logback. */
final class Verbosity {
    /** The root of every netifkit logger name. */
    static final String NETIFKIT_LOGGERS = "dev.netifkit";

    private Verbosity() {
    }

    /** Sets the {@code dev.netifkit} loggers to DEBUG (they still go to stderr). */
    static void debug() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(NETIFKIT_LOGGERS).setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
    }
}

package dev.scc.broker.config;

/** The broker section of a config document cannot be used; the message names the file, key path and expectation. */
public final class BrokerConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrokerConfigException(String message) {
        super(message);
    }
}

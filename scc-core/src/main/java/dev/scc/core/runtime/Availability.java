package dev.scc.core.runtime;

import java.util.Objects;

/** Whether a backend can be used right now, and if not, why and how to fix it. */
public sealed interface Availability {

    /** The engine answered. */
    record Available(String engineVersion, String apiVersion) implements Availability {
        public Available {
            Objects.requireNonNull(engineVersion, "engineVersion");
            Objects.requireNonNull(apiVersion, "apiVersion");
        }
    }

    /** The engine did not answer or cannot be used; {@code fix} says what to do. */
    record Unavailable(String reason, String fix) implements Availability {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(fix, "fix");
        }
    }

    default boolean available() {
        return this instanceof Available;
    }
}

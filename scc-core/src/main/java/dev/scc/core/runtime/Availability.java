package dev.scc.core.runtime;

import java.util.Objects;

/** Whether a backend can be used right now, and if not, why and how to fix it. */
public sealed interface Availability {

    /**
     * The engine answered.
     *
     * @param description the engine in one line for a user ({@code Docker 27.3.1, API 1.47 at unix:///…})
     */
    record Available(String engineVersion, String apiVersion, String description) implements Availability {
        public Available {
            Objects.requireNonNull(engineVersion, "engineVersion");
            Objects.requireNonNull(apiVersion, "apiVersion");
            Objects.requireNonNull(description, "description");
        }

        public Available(String engineVersion, String apiVersion) {
            this(engineVersion, apiVersion, engineVersion + ", API " + apiVersion);
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

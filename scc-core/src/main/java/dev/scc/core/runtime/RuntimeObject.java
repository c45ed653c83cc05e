package dev.scc.core.runtime;

import java.util.Objects;

/**
 * One object a backend creates, plans or removes for a session, in the backend's own vocabulary: the SPI does not
 * know containers, pods or VMs, only that a session is made of named objects a user may want to see.
 *
 * @param kind what the object is in the backend's terms ({@code container}, {@code network}, {@code volume}, …)
 * @param role what it is for in the session ({@code agent}, {@code proxy}, {@code network}, {@code state}, …)
 * @param name the backend's handle for it (an id or a name; opaque to callers, stable enough to find it again)
 */
public record RuntimeObject(String kind, String role, String name) {
    public RuntimeObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        if (kind.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("runtime object needs a kind and a name: " + kind + " " + name);
        }
    }

    @Override
    public String toString() {
        return kind + " " + name + (role.isEmpty() ? "" : " (" + role + ")");
    }
}

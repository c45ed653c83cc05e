package dev.scc.core.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The registry of {@link RuntimeBackend}s: built once from {@link ServiceLoader} (or a given list in
 * tests), refuses two backends with one id, and names the ids it has when asked for an unknown one.
 */
public final class RuntimeBackends {
    private final Map<String, RuntimeBackend> byId;

    /** A registry of exactly these backends. */
    public RuntimeBackends(Iterable<? extends RuntimeBackend> backends) {
        Map<String, RuntimeBackend> m = new LinkedHashMap<>();
        for (RuntimeBackend b : backends) {
            RuntimeBackend previous = m.putIfAbsent(b.id(), b);
            if (previous != null) {
                throw new RuntimeBackendException(RuntimeBackendException.Kind.INVALID,
                        "two runtime backends claim the id '" + b.id() + "': " + previous.getClass().getName()
                                + " and " + b.getClass().getName(),
                        "remove one of the two jars from the class path");
            }
        }
        this.byId = Map.copyOf(m);
    }

    /** Every backend on the class path of {@code loader}. */
    public static RuntimeBackends discover(ClassLoader loader) {
        return new RuntimeBackends(ServiceLoader.load(RuntimeBackend.class, loader));
    }

    /** The backend with {@code id}; the error names the ids that exist. */
    public RuntimeBackend get(String id) {
        RuntimeBackend b = byId.get(id);
        if (b == null) {
            throw new RuntimeBackendException(RuntimeBackendException.Kind.NOT_FOUND,
                    "no runtime backend with id '" + id + "'; found: "
                            + (byId.isEmpty() ? "(none)" : String.join(", ", new java.util.TreeSet<>(byId.keySet()))),
                    byId.isEmpty() ? "put scc-runtime-docker on the class path" : "use one of the ids found");
        }
        return b;
    }

    public Set<String> ids() {
        return byId.keySet();
    }
}

package dev.scc.core.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The registry of {@link RuntimeBackend}s: built once from {@link ServiceLoader} (or a given list in
 * tests), refuses two backends with one id, and names the ids it has when asked for an unknown one.
 * {@link #select} picks the backend of an invocation: an explicit choice (flag, then {@value #ENV}, then
 * configuration) beats detection.
 */
public final class RuntimeBackends {
    /** The environment variable that names the backend when no flag does. */
    public static final String ENV = "SCC_RUNTIME";

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
                            + (byId.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(byId.keySet()))),
                    byId.isEmpty() ? "put scc-runtime-docker on the class path" : "use one of the ids found");
        }
        return b;
    }

    /**
     * The backend for one invocation: {@code flag} if given, else {@value #ENV} from {@code env}, else
     * {@code configured}; an explicit id that is not installed is an error naming the ids found (never a silent
     * fallback). Without a choice: the only backend installed, else the first (by id) whose engine answers, else
     * the first by id (its own availability then tells the user what is wrong).
     */
    public RuntimeBackend select(Optional<String> flag, Map<String, String> env, Optional<String> configured) {
        Optional<String> explicit = flag.filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(env.get(ENV)).map(String::trim).filter(s -> !s.isBlank()))
                .or(() -> configured.filter(s -> !s.isBlank()));
        if (explicit.isPresent()) {
            return get(explicit.get());
        }
        if (byId.isEmpty()) {
            return get("docker");
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(byId.keySet()));
        if (sorted.size() == 1) {
            return byId.get(sorted.get(0));
        }
        for (String id : sorted) {
            if (byId.get(id).availability().available()) {
                return byId.get(id);
            }
        }
        return byId.get(sorted.get(0));
    }

    public Set<String> ids() {
        return byId.keySet();
    }
}

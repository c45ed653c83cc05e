package dev.scc.core.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The agent providers installed in this process, by id: the only place that calls {@link ServiceLoader} for
 * {@link AgentProvider}. Duplicate ids and providers built for another {@link AgentProvider#SPI_LEVEL} are refused at
 * construction. Discovery costs a class-path scan, so callers build the registry when a command needs a provider,
 * not while the command tree is built ({@code scc --help} does not load one).
 */
public final class AgentProviderRegistry {
    private final Map<String, AgentProvider> byId;

    /** A registry over exactly these providers. */
    public AgentProviderRegistry(List<? extends AgentProvider> providers) {
        Map<String, AgentProvider> m = new TreeMap<>();
        for (AgentProvider p : providers) {
            if (p.spiLevel() != AgentProvider.SPI_LEVEL) {
                throw new AgentProviderException("provider '" + p.id() + "' (" + p.getClass().getName()
                        + ") implements provider SPI level " + p.spiLevel(), p.id(), "SPI level "
                        + AgentProvider.SPI_LEVEL, "use a provider build that matches this scc version");
            }
            AgentProvider prev = m.putIfAbsent(p.id(), p);
            if (prev != null) {
                throw new AgentProviderException("two providers claim the id '" + p.id() + "': "
                        + prev.getClass().getName() + " and " + p.getClass().getName(), p.id(), "one provider per id",
                        "remove one of the two jars from the class path");
            }
        }
        this.byId = java.util.Collections.unmodifiableMap(m);
    }

    /** The providers registered in {@code META-INF/services} on the given class loader. */
    public static AgentProviderRegistry load(ClassLoader loader) {
        List<AgentProvider> found = new ArrayList<>();
        ServiceLoader.load(AgentProvider.class, loader).forEach(found::add);
        return new AgentProviderRegistry(found);
    }

    /** The providers visible to this class's loader. */
    public static AgentProviderRegistry load() {
        return load(AgentProviderRegistry.class.getClassLoader());
    }

    /** The provider with this id; an unknown id fails with the ids that were found. */
    public AgentProvider get(String id) {
        return find(id).orElseThrow(() -> unknown(id));
    }

    /** The provider with this id, if installed. */
    public Optional<AgentProvider> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The error for an id no installed provider has: names the id and the ids found. */
    public AgentProviderException unknown(String id) {
        return new AgentProviderException("unknown provider '" + id + "'", id, "one of the installed providers: "
                + describeIds(), "pick one of the installed providers, or put the provider's jar on the class path");
    }

    /**
     * The provider to use when nobody chose one, among {@code ids}: the one with the highest positive
     * {@link AgentProvider#defaultRank()}; empty when none has a positive rank or two share the highest.
     */
    public Optional<AgentProvider> defaultAmong(java.util.Collection<String> ids) {
        List<AgentProvider> ranked = ids.stream().map(byId::get).filter(java.util.Objects::nonNull)
                .filter(p -> p.defaultRank() > 0)
                .sorted(java.util.Comparator.comparingInt(AgentProvider::defaultRank).reversed()).toList();
        if (ranked.isEmpty() || ranked.size() > 1 && ranked.get(0).defaultRank() == ranked.get(1).defaultRank()) {
            return Optional.empty();
        }
        return Optional.of(ranked.get(0));
    }

    /** The installed ids, sorted. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** The installed providers, sorted by id. */
    public List<AgentProvider> all() {
        return List.copyOf(byId.values());
    }

    /** The installed ids as a user reads them: {@code a, b} or {@code (none installed)}. */
    public String describeIds() {
        return byId.isEmpty() ? "(none installed)" : String.join(", ", byId.keySet());
    }
}

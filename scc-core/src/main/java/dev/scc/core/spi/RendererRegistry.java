package dev.scc.core.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The renderers available to this process, by id. This is the only place that calls {@link ServiceLoader} for
 * renderers. Duplicate ids and renderers built for another {@link ProviderRenderer#SPI_LEVEL} are refused at
 * construction, so a bad class path fails before anything is rendered.
 */
public final class RendererRegistry {
    private final Map<String, ProviderRenderer> byId;

    /** A registry over exactly these renderers. */
    public RendererRegistry(List<? extends ProviderRenderer> renderers) {
        Map<String, ProviderRenderer> m = new TreeMap<>();
        for (ProviderRenderer r : renderers) {
            if (r.spiLevel() != ProviderRenderer.SPI_LEVEL) {
                throw new RenderException("renderer '" + r.id() + "' (" + r.getClass().getName() + ") implements SPI level "
                        + r.spiLevel(), r.id(), "SPI level " + ProviderRenderer.SPI_LEVEL,
                        "use a renderer build that matches this scc version");
            }
            ProviderRenderer prev = m.putIfAbsent(r.id(), r);
            if (prev != null) {
                throw new RenderException("two renderers claim the id '" + r.id() + "': " + prev.getClass().getName()
                        + " and " + r.getClass().getName(), r.id(), "one renderer per id",
                        "remove one of the two jars from the class path");
            }
        }
        this.byId = Map.copyOf(m);
    }

    /** The renderers registered in {@code META-INF/services} on the given class loader. */
    public static RendererRegistry load(ClassLoader loader) {
        List<ProviderRenderer> found = new ArrayList<>();
        ServiceLoader.load(ProviderRenderer.class, loader).forEach(found::add);
        return new RendererRegistry(found);
    }

    /** The renderers visible to this class's loader. */
    public static RendererRegistry load() {
        return load(RendererRegistry.class.getClassLoader());
    }

    /** The renderer with this id; an unknown id fails with the ids that were found. */
    public ProviderRenderer get(String id) {
        ProviderRenderer r = byId.get(id);
        if (r == null) {
            throw new RenderException("no renderer with id '" + id + "'", id,
                    "one of " + (byId.isEmpty() ? "(none found)" : ids()),
                    "pick one of the ids found, or put the renderer's jar on the class path");
        }
        return r;
    }

    /** The ids found, sorted. */
    public List<String> ids() {
        return List.copyOf(byId.keySet()).stream().sorted().toList();
    }
}

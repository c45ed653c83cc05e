package dev.scc.core.spi;

import dev.scc.core.plan.RenderPlan;

/**
 * Projects a {@link RenderPlan} into one agent's native files. Implementations are found with
 * {@link java.util.ServiceLoader} (register in {@code META-INF/services/dev.scc.core.spi.ProviderRenderer}) and
 * selected by {@link #id()} through {@link RendererRegistry}.
 *
 * <p>Contract (checked by the {@code scc-testkit} conformance kit):
 * <ul>
 *   <li>{@link #render} is pure: it reads nothing and writes nothing; {@link RenderWriter} applies its result.
 *   <li>Equal plans give byte-identical files (stable key order, {@code \n}, trailing newline).
 *   <li>Paths are relative, {@code /}-separated, without {@code .} or {@code ..} segments; the target root stands
 *       for the container's {@code /}.
 *   <li>The report names every {@link RenderPlan#items() plan item} exactly once.
 * </ul>
 */
public interface ProviderRenderer {

    /** The SPI level this core implements; a renderer built for another level is refused by the registry. */
    int SPI_LEVEL = 1;

    /** A short lowercase id, for example {@code claude}; unique among the renderers on the class path. */
    String id();

    /** The SPI level the renderer was written against: {@link #SPI_LEVEL}. */
    default int spiLevel() {
        return SPI_LEVEL;
    }

    /** The files for {@code plan} and a report on every plan item. Must not touch the file system. */
    RenderResult render(RenderPlan plan, RenderContext context);
}

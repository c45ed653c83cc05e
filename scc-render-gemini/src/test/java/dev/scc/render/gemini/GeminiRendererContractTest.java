package dev.scc.render.gemini;

import dev.scc.core.plan.RenderPlan;
import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RendererRegistry;
import dev.scc.testkit.RendererContract;
import java.util.List;

/** The renderer conformance kit, on the renderer as the registry discovers it. */
class GeminiRendererContractTest implements RendererContract {
    @Override
    public ProviderRenderer renderer() {
        return RendererRegistry.load().get("gemini");
    }

    @Override
    public List<RenderPlan> plans() {
        return GeminiFixtures.plans();
    }
}

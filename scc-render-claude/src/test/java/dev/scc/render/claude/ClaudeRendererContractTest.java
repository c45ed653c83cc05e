package dev.scc.render.claude;

import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RendererRegistry;
import dev.scc.testkit.RendererContract;

class ClaudeRendererContractTest implements RendererContract {
    @Override
    public ProviderRenderer renderer() {
        return RendererRegistry.load().get("claude");
    }
}

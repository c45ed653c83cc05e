package dev.scc.render.codex;

import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RendererRegistry;
import dev.scc.testkit.RendererContract;

class CodexRendererContractTest implements RendererContract {
    @Override
    public ProviderRenderer renderer() {
        return RendererRegistry.load().get("codex");
    }
}

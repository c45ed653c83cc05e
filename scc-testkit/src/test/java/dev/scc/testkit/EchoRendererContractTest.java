package dev.scc.testkit;

import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RendererRegistry;

/** An outside author's adapter passes the kit, found through ServiceLoader like any other. */
class EchoRendererContractTest implements RendererContract {
    @Override
    public ProviderRenderer renderer() {
        return RendererRegistry.load().get("echo");
    }
}

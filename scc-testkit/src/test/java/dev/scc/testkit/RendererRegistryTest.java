package dev.scc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.plan.RenderPlan;
import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderException;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RendererRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class RendererRegistryTest {
    @Test
    void serviceLoaderFindsTheThirdPartyAdapter() {
        assertThat(RendererRegistry.load().ids()).contains("echo");
        assertThat(RendererRegistry.load().get("echo")).isInstanceOf(EchoRenderer.class);
    }

    @Test
    void anUnknownIdNamesTheIdsFound() {
        assertThatThrownBy(() -> RendererRegistry.load().get("gemini")).isInstanceOf(RenderException.class)
                .hasMessageContaining("'gemini'").hasMessageContaining("echo");
    }

    @Test
    void twoRenderersWithOneIdAreRefused() {
        assertThatThrownBy(() -> new RendererRegistry(List.of(new EchoRenderer(), new EchoRenderer())))
                .isInstanceOf(RenderException.class).hasMessageContaining("two renderers claim the id 'echo'");
    }

    @Test
    void aRendererForAnotherSpiLevelIsRefused() {
        ProviderRenderer future = new ProviderRenderer() {
            @Override
            public String id() {
                return "future";
            }

            @Override
            public int spiLevel() {
                return 2;
            }

            @Override
            public RenderResult render(RenderPlan plan, RenderContext context) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> new RendererRegistry(List.of(future))).isInstanceOf(RenderException.class)
                .hasMessageContaining("SPI level 2");
    }
}

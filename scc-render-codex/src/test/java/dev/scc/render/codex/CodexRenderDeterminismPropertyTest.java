package dev.scc.render.codex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.RenderContext;
import dev.scc.testkit.PlanArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CodexRenderDeterminismPropertyTest {
    @Provide
    Arbitrary<EffectiveConfig> configs() {
        return PlanArbitraries.effectiveConfigs();
    }

    @Property(tries = 200)
    void renderingTwiceIsByteIdentical(@ForAll("configs") EffectiveConfig config) {
        var first = new CodexRenderer().render(RenderPlans.from(config, "codex"), RenderContext.DEFAULTS);
        var second = new CodexRenderer().render(RenderPlans.from(config, "codex"), RenderContext.DEFAULTS);
        assertThat(second.files()).isEqualTo(first.files());
        assertThat(second.report()).isEqualTo(first.report());
    }
}

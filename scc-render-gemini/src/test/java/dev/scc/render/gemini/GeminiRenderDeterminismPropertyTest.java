package dev.scc.render.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.plan.ItemState;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderReport;
import dev.scc.testkit.PlanArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import java.util.Set;
import java.util.TreeSet;

class GeminiRenderDeterminismPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<EffectiveConfig> configs() {
        return PlanArbitraries.effectiveConfigs();
    }

    @Property(tries = 200)
    void renderingTwiceIsByteIdentical(@ForAll("configs") EffectiveConfig config) {
        var first = new GeminiRenderer().render(RenderPlans.from(config, "gemini"), RenderContext.DEFAULTS);
        var second = new GeminiRenderer().render(RenderPlans.from(config, "gemini"), RenderContext.DEFAULTS);
        assertThat(second.files()).isEqualTo(first.files());
        assertThat(second.report()).isEqualTo(first.report());
    }

    @Property(tries = 200)
    void theAllowlistHoldsExactlyTheRenderedServersAndTheExcludeListExactlyTheBlockedOnes(
            @ForAll("configs") EffectiveConfig config) throws Exception {
        var plan = RenderPlans.from(config, "gemini");
        var result = new GeminiRenderer().render(plan, RenderContext.DEFAULTS);
        JsonNode settings = result.file(GeminiRenderer.SETTINGS).map(f -> read(f.text())).orElse(JSON.createObjectNode());
        Set<String> allowed = names(settings.path("mcp").path("allowed"));
        Set<String> excluded = names(settings.path("mcp").path("excluded"));
        Set<String> rendered = new TreeSet<>();
        Set<String> blocked = new TreeSet<>();
        for (var s : plan.mcpServers()) {
            var status = result.report().entry(s.key()).orElseThrow().status();
            if (status == RenderReport.Status.RENDERED) {
                rendered.add(s.name());
            } else if (s.state() == ItemState.BLOCKED) {
                assertThat(status).isEqualTo(RenderReport.Status.BLOCKED);
                blocked.add(s.name());
            }
        }
        assertThat(allowed).isEqualTo(rendered);
        assertThat(names(settings.path("mcpServers"))).isEqualTo(rendered);
        assertThat(excluded).isEqualTo(blocked);
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> names(JsonNode n) {
        Set<String> out = new TreeSet<>();
        if (n.isArray()) {
            n.forEach(v -> out.add(v.asText()));
        } else {
            n.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }
}

package dev.scc.render.gemini;

import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.model.GovernedArtifacts.Artifact;
import dev.scc.core.model.GovernedArtifacts.Binding;
import dev.scc.core.model.GovernedArtifacts.InstallIntent;
import dev.scc.core.model.GovernedArtifacts.Kind;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.RenderPlans;
import dev.scc.testkit.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The testkit's fixtures plus a bundle bound to Gemini (the shared ones bind only the built-in providers). */
final class GeminiFixtures {
    private GeminiFixtures() {}

    /** {@link Fixtures#rich()} with a bundle whose skill and instructions are bound to {@code gemini}. */
    static EffectiveConfig rich() {
        EffectiveConfig rich = Fixtures.rich();
        Artifact skill = new Artifact("gemini-style", Kind.SKILL, Optional.of("1.0.0"), Optional.of("acme"), true,
                Optional.of("git"), Optional.of("https://git.example/acme/skills.git"), Optional.of("skills/gemini-style"),
                Optional.of("v1.0.0"), InstallIntent.REQUIRED,
                List.of(new Binding("gemini", Optional.of("gemini-style"), Map.of(), Optional.empty())));
        Artifact notes = new Artifact("gemini-notes", Kind.NATIVE_INTEGRATION, Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), InstallIntent.AVAILABLE,
                List.of(new Binding("gemini", Optional.empty(), Map.of("instructions", "Run the tests before every commit."),
                        Optional.empty())));
        List<EffectiveConfig.EnabledBundle> bundles = new ArrayList<>(rich.bundles());
        bundles.add(new EffectiveConfig.EnabledBundle("gemini-tools", InstallIntent.REQUIRED, List.of(skill, notes),
                "org.defaults"));
        return Fixtures.config(rich.plugins(), rich.mcpServers(), rich.marketplaces(), bundles, rich.security(),
                rich.blockedItems());
    }

    /** Gemini-bound rich first, then the kit's own plans for {@code gemini}. */
    static List<RenderPlan> plans() {
        List<RenderPlan> out = new ArrayList<>();
        out.add(RenderPlans.from(rich(), GeminiRenderer.ID));
        out.addAll(Fixtures.plansFor(GeminiRenderer.ID));
        return out;
    }
}

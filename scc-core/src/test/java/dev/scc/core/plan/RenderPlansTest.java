package dev.scc.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.TargetType;
import dev.scc.core.model.GovernedArtifacts.Artifact;
import dev.scc.core.model.GovernedArtifacts.Binding;
import dev.scc.core.model.GovernedArtifacts.InstallIntent;
import dev.scc.core.model.GovernedArtifacts.Kind;
import dev.scc.core.model.McpServer;
import dev.scc.core.model.Security;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenderPlansTest {
    private static Artifact artifact(String name, Kind kind, InstallIntent intent, List<Binding> bindings) {
        return new Artifact(name, kind, Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), intent, bindings);
    }

    private static Binding native_(String provider, String key, String value) {
        return new Binding(provider, Optional.empty(), Map.of(key, value), Optional.empty());
    }

    private static RenderPlan plan(List<EffectiveConfig.EnabledBundle> bundles, String provider) {
        return RenderPlans.from(PlanFixtures.config(List.of(), List.of(), bundles, Security.NONE, List.of()), provider);
    }

    @Test
    void disabledAndRequestOnlyBundlesAndArtifactsAreSkippedWithTheirIntent() {
        Artifact s = artifact("a-skill", Kind.SKILL, InstallIntent.AVAILABLE, List.of());
        Artifact off = artifact("off-skill", Kind.SKILL, InstallIntent.DISABLED, List.of());
        Artifact ask = artifact("ask-skill", Kind.SKILL, InstallIntent.REQUEST_ONLY, List.of());
        RenderPlan p = plan(List.of(
                new EffectiveConfig.EnabledBundle("on", InstallIntent.AVAILABLE, List.of(s, off, ask), "org"),
                new EffectiveConfig.EnabledBundle("dis", InstallIntent.DISABLED, List.of(s), "org"),
                new EffectiveConfig.EnabledBundle("req", InstallIntent.REQUEST_ONLY, List.of(s), "org")), "claude");
        assertThat(p.skills()).extracting(RenderPlan.Skill::key).containsExactly("artifact:on/a-skill");
        assertThat(p.skipped()).extracting(RenderPlan.Skipped::key, RenderPlan.Skipped::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("artifact:dis/a-skill", "bundle-disabled"),
                org.assertj.core.groups.Tuple.tuple("artifact:on/ask-skill", "request-only"),
                org.assertj.core.groups.Tuple.tuple("artifact:on/off-skill", "disabled"),
                org.assertj.core.groups.Tuple.tuple("artifact:req/a-skill", "bundle-request-only"));
    }

    @Test
    void aNativeIntegrationWithoutABindingForTheProviderIsSkippedNamingTheProvider() {
        Artifact hooks = artifact("hooks", Kind.NATIVE_INTEGRATION, InstallIntent.AVAILABLE,
                List.of(native_("claude", "hooks", "./h.json")));
        RenderPlan codex = plan(List.of(new EffectiveConfig.EnabledBundle("b", InstallIntent.AVAILABLE, List.of(hooks), "org")),
                "codex");
        assertThat(codex.skipped()).singleElement().extracting(RenderPlan.Skipped::reason)
                .isEqualTo("no-binding-for-provider:codex");
        RenderPlan claude = plan(List.of(new EffectiveConfig.EnabledBundle("b", InstallIntent.AVAILABLE, List.of(hooks), "org")),
                "claude");
        assertThat(claude.nativeIntegrations()).singleElement().extracting(RenderPlan.NativeIntegration::integration)
                .isEqualTo("hooks");
    }

    @Test
    void aRequiredBundleMakesItsArtifactsRequired() {
        Artifact s = artifact("a-skill", Kind.SKILL, InstallIntent.AVAILABLE, List.of());
        RenderPlan p = plan(List.of(new EffectiveConfig.EnabledBundle("b", InstallIntent.REQUIRED, List.of(s), "org")), "codex");
        assertThat(p.skills().get(0).installIntent()).isEqualTo(InstallIntent.REQUIRED);
        assertThat(p.bundles()).extracting(RenderPlan.Bundle::installIntent).containsExactly(InstallIntent.REQUIRED);
    }

    @Test
    void withoutASafetyNetSectionEveryRuleIsOnAndTheHookIsPresent() {
        RenderPlan p = RenderPlans.from(PlanFixtures.config(List.of(), List.of(), List.of(), Security.NONE, List.of()), "claude");
        assertThat(p.safetyHook()).get().extracting(RenderPlan.SafetyHook::command).isEqualTo("/usr/lib/scc/bin/scc-hook claude");
        assertThat(p.denyRules()).hasSize(8);
    }

    @Test
    void actionAllowTurnsTheSafetyNetOffAndAFalseFlagDropsItsRule() {
        RenderPlan off = RenderPlans.from(PlanFixtures.config(List.of(), List.of(), List.of(),
                PlanFixtures.safety(Map.of("action", "allow")), List.of()), "codex");
        assertThat(off.safetyHook()).isEmpty();
        assertThat(off.denyRules()).isEmpty();
        RenderPlan noForce = RenderPlans.from(PlanFixtures.config(List.of(), List.of(), List.of(),
                PlanFixtures.safety(Map.of("action", "block", "block_force_push", false)), List.of()), "codex");
        assertThat(noForce.denyRules()).extracting(RenderPlan.DenyRule::ruleId).doesNotContain("git.force_push").hasSize(7);
    }

    @Test
    void anUnknownActionKeepsEveryRule() {
        RenderPlan p = RenderPlans.from(PlanFixtures.config(List.of(), List.of(), List.of(),
                PlanFixtures.safety(Map.of("action", "maybe", "block_force_push", "no")), List.of()), "codex");
        assertThat(p.denyRules()).hasSize(8);
        assertThat(p.safetyHook()).isPresent();
    }

    @Test
    void theHookCommandComesFromTheOptionsSoTheRuntimeCanPointItAtItsAdaptor() {
        RenderPlan p = RenderPlans.from(PlanFixtures.config(List.of(), List.of(), List.of(), Security.NONE, List.of()), "codex",
                PlanOptions.DEFAULTS.withHookCommandTemplate("/opt/scc/bin/scc safety hook {provider}").withWorkspace("/w/repo"));
        assertThat(p.safetyHook().orElseThrow().command()).isEqualTo("/opt/scc/bin/scc safety hook codex");
        assertThat(p.trust().orElseThrow().workspace()).isEqualTo("/w/repo");
    }

    @Test
    void blockedItemsBecomeBlockedPlanItemsAndEnabledPluginsStayEnabled() {
        RenderPlan p = RenderPlans.from(PlanFixtures.config(
                List.of(new EffectiveConfig.SourcedPlugin("ok@m", "org.defaults")),
                List.of(new EffectiveConfig.SourcedMcpServer(McpServer.local("fs", "npx", List.of()), "org")), List.of(),
                Security.NONE,
                List.of(new BlockedItem("bad@m", "bad*", "org.security", TargetType.PLUGIN),
                        new BlockedItem("evil", "evil*", "org.security", TargetType.MCP_SERVER))), "claude");
        assertThat(p.plugins()).extracting(RenderPlan.Plugin::ref, RenderPlan.Plugin::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("bad@m", ItemState.BLOCKED),
                org.assertj.core.groups.Tuple.tuple("ok@m", ItemState.ENABLED));
        assertThat(p.mcpServers()).extracting(RenderPlan.McpServer::name, RenderPlan.McpServer::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("evil", ItemState.BLOCKED),
                org.assertj.core.groups.Tuple.tuple("fs", ItemState.ENABLED));
        assertThat(p.plugins().get(0).reason()).contains("bad*", "org.security");
    }

    @Test
    void unsafeNamesAreSkippedNotPlanned() {
        Artifact s = artifact("../x", Kind.SKILL, InstallIntent.AVAILABLE, List.of());
        RenderPlan p = RenderPlans.from(PlanFixtures.config(List.of(),
                List.of(new EffectiveConfig.SourcedMcpServer(McpServer.local("bad name", "npx", List.of()), "org")),
                List.of(new EffectiveConfig.EnabledBundle("b", InstallIntent.AVAILABLE, List.of(s), "org")), Security.NONE,
                List.of()), "claude");
        assertThat(p.skills()).isEmpty();
        assertThat(p.mcpServers()).isEmpty();
        assertThat(p.skipped()).extracting(RenderPlan.Skipped::reason).containsOnly("invalid-name");
    }

    @Test
    void bundleMcpServersReadTheirBindingConfig() {
        Artifact m = artifact("srv", Kind.MCP_SERVER, InstallIntent.AVAILABLE, List.of(new Binding("codex", Optional.of("srv"),
                Map.of("command", "uvx", "args", "pkg --flag", "env_TOKEN", "${T}"), Optional.empty())));
        RenderPlan p = plan(List.of(new EffectiveConfig.EnabledBundle("b", InstallIntent.AVAILABLE, List.of(m), "org")), "codex");
        RenderPlan.McpServer s = p.mcpServers().get(0);
        assertThat(s.transport()).isEqualTo(Transport.STDIO);
        assertThat(s.args()).containsExactly("pkg", "--flag");
        assertThat(s.env()).containsEntry("TOKEN", "${T}");
        assertThat(s.origin()).isEqualTo("bundle:b");
    }

    @Test
    void equalInputsGiveEqualPlansWithUniqueKeys() {
        Artifact s = artifact("a-skill", Kind.SKILL, InstallIntent.AVAILABLE, List.of());
        var bundles = List.of(new EffectiveConfig.EnabledBundle("b", InstallIntent.AVAILABLE, List.of(s), "org"));
        assertThat(plan(bundles, "claude")).isEqualTo(plan(bundles, "claude"));
        assertThat(plan(bundles, "claude").keys()).doesNotHaveDuplicates();
    }

    @Test
    void aPlanRefusesDuplicateKeys() {
        RenderPlan.Trust t = new RenderPlan.Trust("x", "/w");
        RenderPlan.Skipped s = new RenderPlan.Skipped("x", "thing", "why");
        assertThatThrownBy(() -> new RenderPlan("claude", List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                Optional.empty(), List.of(), List.of(), Optional.of(t), List.of(s)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate plan item key 'x'");
    }

    @Test
    void aBearerHeaderOfOneVariableIsRecognised() {
        RenderPlan.McpServer s = new RenderPlan.McpServer("k", "n", Transport.HTTP, "http", Optional.of("https://x"),
                Optional.empty(), List.of(), Map.of(), Map.of("Authorization", "Bearer ${GH_TOKEN}"), "org", ItemState.ENABLED, "");
        assertThat(s.bearerTokenEnvVar()).contains("GH_TOKEN");
        RenderPlan.McpServer literal = new RenderPlan.McpServer("k", "n", Transport.HTTP, "http", Optional.of("https://x"),
                Optional.empty(), List.of(), Map.of(), Map.of("Authorization", "Bearer abc"), "org", ItemState.ENABLED, "");
        assertThat(literal.bearerTokenEnvVar()).isEmpty();
    }
}

package dev.scc.policy.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.Glob;
import dev.scc.core.merge.MergeInput;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.merge.PluginRef;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.core.merge.TrustMerge;
import dev.scc.core.model.ConfigSource;
import dev.scc.core.model.Defaults;
import dev.scc.core.model.Delegation;
import dev.scc.core.model.DestinationSet;
import dev.scc.core.model.DevEnvironment;
import dev.scc.core.model.GovernedArtifacts;
import dev.scc.core.model.McpServer;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.PolicyException;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.model.SandboxSettings;
import dev.scc.core.model.Security;
import dev.scc.core.model.SessionSettings;
import dev.scc.core.model.TeamConfig;
import dev.scc.core.model.TeamProfile;
import dev.scc.core.model.TrustGrant;
import dev.scc.core.model.UserConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the merge over generated org, team, project, user, exception and override layers. */
class TrustMergePropertiesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final List<String> POSTURES = List.of("open", "web-egress-enforced", "locked-down-web", "bogus");

    /** No item matching {@code security.blocked_*} is ever effective, whatever the layers, exceptions or overrides. */
    @Property(tries = 500)
    void noBlockedItemIsEverEffective(@ForAll("inputs") MergeInput in) {
        EffectiveConfig e = new TrustMerge().merge(in);
        Security s = in.org().security();
        for (String ref : e.pluginRefs()) {
            assertThat(PluginRef.firstMatch(ref, s.blockedPlugins())).as("plugin %s", ref).isEmpty();
        }
        for (EffectiveConfig.SourcedMcpServer m : e.mcpServers()) {
            McpServer srv = m.server();
            assertThat(Glob.firstMatch(srv.name(), s.blockedMcpServers())).isEmpty();
            srv.url().ifPresent(u -> assertThat(Glob.firstMatch(u, s.blockedMcpServers())).isEmpty());
            srv.command().ifPresent(c -> assertThat(Glob.firstMatch(c, s.blockedMcpServers())).isEmpty());
            if (e.posture() == NetworkPosture.LOCKED_DOWN_WEB) {
                assertThat(srv.network()).isFalse();
            }
            if (srv.stdio()) {
                assertThat(s.allowStdioMcp()).isTrue();
            }
        }
        for (EffectiveConfig.EnabledBundle b : e.bundles()) {
            for (GovernedArtifacts.Artifact a : b.artifacts()) {
                assertThat(PluginRef.firstMatch(a.name(), s.blockedPlugins())).isEmpty();
            }
        }
    }

    /** No layer below org lowers the network posture. */
    @Property(tries = 500)
    void noLayerBelowOrgLowersThePosture(@ForAll("inputs") MergeInput in) {
        EffectiveConfig e = new TrustMerge().merge(in);
        in.org().defaults().networkPolicy().flatMap(NetworkPosture::parse)
                .ifPresent(orgPosture -> assertThat(e.posture()).isGreaterThanOrEqualTo(orgPosture));
    }

    /** Same input, same output. */
    @Property(tries = 200)
    void mergeIsDeterministic(@ForAll("inputs") MergeInput in) {
        EffectiveConfig a = new TrustMerge().merge(in);
        EffectiveConfig b = new TrustMerge().merge(in);
        assertThat(a).isEqualTo(b);
        assertThat(a.toString()).isEqualTo(b.toString());
    }

    @Provide
    Arbitrary<MergeInput> inputs() {
        Arbitrary<List<String>> refs = ref().list().ofMaxSize(5);
        Arbitrary<List<String>> pluginPatterns = Arbitraries.of("evil-*", "*-bad", "*@shady", "  EVIL-*  ", "x", "*")
                .list().ofMaxSize(2);
        Arbitrary<List<String>> mcpPatterns = Arbitraries.of("*.evil.com", "spy", "/usr/bin/*", "https://*", "*")
                .list().ofMaxSize(2);
        Arbitrary<Security> security = Combinators.combine(pluginPatterns, mcpPatterns, Arbitraries.of(true, false),
                Arbitraries.of(List.<String>of(), List.of("/usr/bin")))
                .as((bp, bm, stdio, prefixes) -> new Security(bp, bm, List.of(), stdio, prefixes, Optional.empty()));
        Arbitrary<Optional<String>> posture = Arbitraries.of(POSTURES).optional();
        Arbitrary<List<String>> teamPatterns = Arbitraries.of(List.<String>of(), List.of("*"), List.of("t"), List.of("other"));
        Arbitrary<Delegation> delegation = Combinators.combine(teamPatterns, teamPatterns, teamPatterns, Arbitraries.of(true, false))
                .as((p, m, d, inherit) -> new Delegation(p, m, List.of(), d, inherit));
        Arbitrary<Defaults> defaults = Combinators.combine(refs, Arbitraries.of(List.<String>of(), List.of("a*")),
                        refs.optional(), posture)
                .as((enabled, disabled, allowed, net) -> new Defaults(enabled, disabled, allowed, Optional.empty(), List.of(),
                        24, net, SessionSettings.NONE, DevEnvironment.NONE, Optional.empty(), List.of("s1"), Optional.empty(),
                        SandboxSettings.NONE));
        Arbitrary<TeamProfile> team = Combinators.combine(refs, mcp().list().ofMaxSize(4), posture, Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as((plugins, servers, net, overrides, federated) -> new TeamProfile("t", "", plugins, servers, net,
                        SessionSettings.NONE, DevEnvironment.NONE, overrides,
                        federated ? Optional.of(new ConfigSource.File("/x")) : Optional.empty(),
                        Optional.of(new TrustGrant(true, true, List.of("**"))), List.of("b"), Optional.empty(),
                        List.of("s2")));
        Arbitrary<List<PolicyException>> exceptions = exception(PolicyException.Scope.POLICY).list().ofMaxSize(3);
        Arbitrary<OrgConfig> org = Combinators.combine(security, defaults, delegation, team, exceptions)
                .as((sec, def, del, t, ex) -> new OrgConfig("1.0.0", Optional.empty(),
                        new OrgConfig.Organization("Acme", "acme", Optional.empty()), Map.of(), sec, def, del,
                        Map.of("t", t), Map.of("s1", new DestinationSet("s1", "", List.of("a.example")),
                                "s2", new DestinationSet("s2", "", List.of("b.example"))),
                        ex, bundles()));
        Arbitrary<ProjectConfig> project = Combinators.combine(refs, mcp().list().ofMaxSize(3), posture)
                .as((p, m, net) -> new ProjectConfig(".scc.yaml", p, m, DevEnvironment.NONE, net, SessionSettings.NONE,
                        Optional.empty(), List.of()));
        Arbitrary<TeamConfig> teamConfig = refs.map(r -> new TeamConfig("1.0.0", r, List.of("evil*"), Map.of()));
        Arbitrary<UserConfig> user = posture.map(p -> new UserConfig(Optional.empty(), Optional.empty(), Optional.empty(),
                false, Map.of(), p, Optional.empty()));
        return Combinators.combine(org, teamConfig, project.optional(), user,
                        exception(PolicyException.Scope.LOCAL).list().ofMaxSize(2), Arbitraries.of(AgentProviderRegistry.load().all()).optional())
                .as((o, tc, p, u, local, prov) -> new MergeInput(o, "t", Optional.of(tc), p, u, prov, local, NOW));
    }

    private static Arbitrary<String> ref() {
        return Combinators.combine(Arbitraries.of("evil-", "good-", "a", "x", "EVIL-"), Arbitraries.of("tool", "bad", "x"),
                        Arbitraries.of("@mp", "@shady", "", "@@", "@"))
                .as((p, n, m) -> p + n + m);
    }

    private static Arbitrary<McpServer> mcp() {
        return Combinators.combine(Arbitraries.of("spy", "wiki", "w", ""), Arbitraries.of("sse", "http", "stdio", "weird"),
                        Arbitraries.of("https://x.evil.com/m", "https://ok.example/", "https://a@b:1/"),
                        Arbitraries.of("/usr/bin/t", "rel", "/opt/../usr/bin/t"))
                .as((name, type, url, cmd) -> type.equals("stdio") ? McpServer.local(name, cmd, List.of())
                        : McpServer.remote(name, type, url));
    }

    private static Arbitrary<PolicyException> exception(PolicyException.Scope scope) {
        return Combinators.combine(Arbitraries.of("*", "evil-*", "evil-tool@mp", "good-x@mp"), Arbitraries.of("*", "spy", "wiki"),
                        Arbitraries.of("2026-06-02T00:00:00Z", "2020-01-01T00:00:00Z", "garbage"))
                .as((p, m, exp) -> new PolicyException("E", "r", List.of(p), List.of(m), exp, Optional.empty(), scope, "org"));
    }

    private static GovernedArtifacts bundles() {
        return new GovernedArtifacts(
                Map.of("evil-skill", new GovernedArtifacts.Artifact("evil-skill", GovernedArtifacts.Kind.SKILL, Optional.empty(),
                                Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                                GovernedArtifacts.InstallIntent.REQUIRED, List.of()),
                        "ok", new GovernedArtifacts.Artifact("ok", GovernedArtifacts.Kind.SKILL, Optional.empty(),
                                Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                                GovernedArtifacts.InstallIntent.AVAILABLE, List.of())),
                Map.of("b", new GovernedArtifacts.Bundle("b", "", List.of("evil-skill", "ok"),
                        GovernedArtifacts.InstallIntent.REQUIRED)));
    }
}

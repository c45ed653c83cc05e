package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.app.launch.ModelEndpoint;
import dev.scc.cli.ExitCodes;
import dev.scc.app.governance.GovernanceException;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.SandboxFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ModelEndpointTest {
    static LaunchSpec spec(String provider, List<SandboxFile> files) {
        return LaunchSpec.of(Path.of("/tmp/ws"), provider, NetworkPosture.WEB_EGRESS_ENFORCED, Set.of("gw.example.test"))
                .withFiles(files).withEnv(Map.of("KEEP", "1"));
    }

    @Test
    void theFlagBeatsTheEnvironmentAndNeitherMeansTheProvidersOwnApi() {
        assertThat(ModelEndpoint.of(null, Map.of())).isEmpty();
        assertThat(ModelEndpoint.of(null, Map.of("SCC_MODEL_ENDPOINT", "https://env.test/v1")).orElseThrow().host())
                .isEqualTo("env.test");
        assertThat(ModelEndpoint.of("http://Flag.Test:8080", Map.of("SCC_MODEL_ENDPOINT", "https://env.test"))
                .orElseThrow().host()).isEqualTo("flag.test");
    }

    @Test
    void anEndpointThatIsNoHttpUrlWithAHostIsAUsageErrorNamingItsSource() {
        for (String bad : List.of("ftp://gw.test", "gw.test", "http://user:pw@gw.test", "https:///x")) {
            assertThatThrownBy(() -> ModelEndpoint.of(bad, Map.of())).isInstanceOf(GovernanceException.class)
                    .hasMessageContaining("--model-endpoint").hasMessageContaining("http(s)://HOST")
                    .satisfies(e -> assertThat(dev.scc.cli.ExitCodes.of(e)).isEqualTo(ExitCodes.USAGE));
        }
        assertThatThrownBy(() -> ModelEndpoint.of(null, Map.of("SCC_MODEL_ENDPOINT", "nope")))
                .hasMessageContaining("SCC_MODEL_ENDPOINT");
    }

    @Test
    void aGovernedLaunchIsRefusedWhenTheOrgDoesNotAllowTheEndpointsHostAndNothingIsWidened() {
        ModelEndpoint e = ModelEndpoint.of("https://llm.corp.test/v1", Map.of()).orElseThrow();
        assertThatThrownBy(() -> e.requireAllowed(NetworkPosture.WEB_EGRESS_ENFORCED, Set.of("api.anthropic.com")))
                .isInstanceOf(GovernanceException.class).hasMessageContaining("llm.corp.test")
                .hasMessageContaining("destination set")
                .satisfies(x -> assertThat(dev.scc.cli.ExitCodes.of(x)).isEqualTo(ExitCodes.GOVERNANCE));
        e.requireAllowed(NetworkPosture.WEB_EGRESS_ENFORCED, Set.of(".corp.test"));
        e.requireAllowed(NetworkPosture.WEB_EGRESS_ENFORCED, Set.of("llm.corp.test"));
        e.requireAllowed(NetworkPosture.OPEN, Set.of());
    }

    @Test
    void claudeGetsItsBaseUrlAndNoNonEssentialTraffic() {
        LaunchSpec s = ModelEndpoint.of("http://gw.example.test", Map.of()).orElseThrow()
                .applyTo(spec("claude", List.of()), Map.of());
        assertThat(s.env()).containsEntry("ANTHROPIC_BASE_URL", "http://gw.example.test")
                .containsEntry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1").containsEntry("KEEP", "1");
        assertThat(s.files()).isEmpty();
    }

    @Test
    void codexGetsAModelProviderInItsSystemLayerKeepingWhatWasRendered() {
        String rendered = "# Managed by SCC\n\n[projects.\"/workspace\"]\ntrust_level = \"trusted\"\n";
        SandboxFile other = new SandboxFile("/etc/codex/hooks.json", "{}".getBytes(StandardCharsets.UTF_8), 0644);
        LaunchSpec s = ModelEndpoint.of("http://gw.example.test/v1", Map.of()).orElseThrow().applyTo(spec("codex",
                List.of(new SandboxFile(dev.scc.render.codex.CodexProvider.SYSTEM_CONFIG, rendered.getBytes(StandardCharsets.UTF_8), 0644),
                        other)), Map.of("OPENAI_API_KEY", "k"));
        assertThat(s.files()).hasSize(2).contains(other);
        String toml = new String(s.files().stream().filter(f -> f.containerPath().equals(dev.scc.render.codex.CodexProvider.SYSTEM_CONFIG))
                .findFirst().orElseThrow().content(), StandardCharsets.UTF_8);
        assertThat(toml.indexOf("model_provider = \"scc-endpoint\"")).as("a top-level key before every table")
                .isLessThan(toml.indexOf('['));
        assertThat(toml).contains(rendered).contains("[model_providers.scc-endpoint]",
                "base_url = \"http://gw.example.test/v1\"", "env_key = \"OPENAI_API_KEY\"", "wire_api = \"responses\"",
                "supports_websockets = false");
        assertThat(toml.indexOf("[model_providers.scc-endpoint]")).isGreaterThan(toml.indexOf("trust_level"));
    }

    @Test
    void codexWithoutAnyRenderedConfigStillGetsTheProviderAndNoKeyWhenTheHostHasNone() {
        LaunchSpec s = ModelEndpoint.of("http://gw.example.test/v1", Map.of()).orElseThrow()
                .applyTo(spec("codex", List.of()), Map.of());
        String toml = new String(s.files().get(0).content(), StandardCharsets.UTF_8);
        assertThat(toml).contains("model_provider = \"scc-endpoint\"").doesNotContain("env_key");
    }

    @Property(tries = 100)
    void aHostIsAllowedExactlyByItsNameOrADotSuffix(@ForAll @AlphaChars @StringLength(min = 1, max = 8) String a,
            @ForAll @AlphaChars @StringLength(min = 1, max = 8) String b) {
        String host = (a + "." + b + ".test").toLowerCase(java.util.Locale.ROOT);
        ModelEndpoint e = ModelEndpoint.of("https://" + host, Map.of()).orElseThrow();
        assertThat(e.allowedBy(Set.of(host))).isTrue();
        assertThat(e.allowedBy(Set.of("." + b.toLowerCase(java.util.Locale.ROOT) + ".test"))).isTrue();
        assertThat(e.allowedBy(Set.of("x" + host))).isFalse();
        assertThat(e.allowedBy(Set.of(".x" + host))).isFalse();
    }
}

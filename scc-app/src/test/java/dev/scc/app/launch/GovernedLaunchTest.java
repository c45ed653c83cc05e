package dev.scc.app.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.app.governance.GovernanceException;
import org.junit.jupiter.api.Test;

class GovernedLaunchTest {
    @Test
    void aSandboxGetsOnlyItsProvidersKeyAndWhereEgressIsGovernedNoErrorReporting() {
        var host = java.util.Map.of("ANTHROPIC_API_KEY", "sk-a", "OPENAI_API_KEY", "sk-o", "AWS_SECRET_ACCESS_KEY", "x");
        assertThat(GovernedLaunch.providerEnv(dev.scc.core.spi.AgentProviderRegistry.load().find("claude"), dev.scc.core.model.NetworkPosture.WEB_EGRESS_ENFORCED, host))
                .containsExactly(java.util.Map.entry("ANTHROPIC_API_KEY", "sk-a"), java.util.Map.entry("DISABLE_ERROR_REPORTING", "1"));
        assertThat(GovernedLaunch.providerEnv(dev.scc.core.spi.AgentProviderRegistry.load().find("claude"), dev.scc.core.model.NetworkPosture.LOCKED_DOWN_WEB, java.util.Map.of()))
                .containsExactly(java.util.Map.entry("DISABLE_ERROR_REPORTING", "1"));
        assertThat(GovernedLaunch.providerEnv(dev.scc.core.spi.AgentProviderRegistry.load().find("claude"), dev.scc.core.model.NetworkPosture.OPEN, host))
                .containsExactly(java.util.Map.entry("ANTHROPIC_API_KEY", "sk-a"));
        assertThat(GovernedLaunch.providerEnv(dev.scc.core.spi.AgentProviderRegistry.load().find("claude"), dev.scc.core.model.NetworkPosture.OPEN,
                java.util.Map.of("CLAUDE_CODE_OAUTH_TOKEN", "tok", "OPENAI_API_KEY", "sk-o")))
                .as("a subscription token from 'claude setup-token'").containsExactly(java.util.Map.entry("CLAUDE_CODE_OAUTH_TOKEN", "tok"));
        assertThat(GovernedLaunch.providerEnv(dev.scc.core.spi.AgentProviderRegistry.load().find("codex"), dev.scc.core.model.NetworkPosture.WEB_EGRESS_ENFORCED, host))
                .containsExactly(java.util.Map.entry("OPENAI_API_KEY", "sk-o"));
    }

    @Test
    void noProviderAllowsAThirdPartyErrorReporter() {
        assertThat(dev.scc.core.spi.AgentProviderRegistry.load().all()).isNotEmpty().allSatisfy(p ->
                assertThat(p.coreHosts()).noneMatch(h -> h.endsWith("sentry.io")));
    }

    @Test
    void sandboxMemoryAcceptsEverySuffixTheSchemaAllows() {
        assertThat(GovernedLaunch.bytes("1024")).isEqualTo(1024);
        assertThat(GovernedLaunch.bytes("1024b")).isEqualTo(1024);
        assertThat(GovernedLaunch.bytes("2k")).isEqualTo(2048);
        assertThat(GovernedLaunch.bytes("512m")).isEqualTo(512L << 20);
        assertThat(GovernedLaunch.bytes("4G")).isEqualTo(4L << 30);
    }

    @Test
    void aMalformedSizeIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> GovernedLaunch.bytes("lots")).isInstanceOf(GovernanceException.class)
                .hasMessageContaining("defaults.sandbox.memory");
    }
}

package dev.scc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.core.spi.RendererRegistry;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AgentProvider} must pass. Implement it in a test class of the provider module:
 *
 * <pre>{@code
 * class MyProviderContractTest implements AgentProviderContract {
 *     public String providerId() { return "my-agent"; }
 * }
 * }</pre>
 *
 * It finds the provider the way SCC does (through {@code META-INF/services}), so a missing services entry fails here.
 */
public interface AgentProviderContract {
    Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");
    Pattern ENV = Pattern.compile("[A-Z_][A-Z0-9_]*");

    /** The id of the provider under test. */
    String providerId();

    private AgentProvider provider() {
        return AgentProviderRegistry.load().get(providerId());
    }

    @Test
    default void providerIsDiscoveredWithAWellFormedIdAndName() {
        AgentProvider p = provider();
        assertThat(p.id()).matches(ID).isEqualTo(providerId());
        assertThat(p.displayName()).isNotBlank();
        assertThat(p.spiLevel()).isEqualTo(AgentProvider.SPI_LEVEL);
    }

    @Test
    default void itsRendererIsTheOneTheRendererRegistryFindsForTheSameId() {
        AgentProvider p = provider();
        assertThat(p.renderer().id()).isEqualTo(p.id());
        assertThat(RendererRegistry.load().get(p.id()).getClass()).isEqualTo(p.renderer().getClass());
    }

    @Test
    default void coreHostsAndVariablesAreWellFormed() {
        AgentProvider p = provider();
        assertThat(p.coreDestinationSet()).matches(ID);
        assertThat(p.coreHosts()).isNotEmpty().allSatisfy(h -> assertThat(h).matches("[a-z0-9.-]+\\.[a-z]+"));
        // A third-party error reporter accepts events for any project: allowing it opens a channel out of every
        // sandbox. Turn reporting off with quietEnv() instead.
        assertThat(p.coreHosts()).noneMatch(h -> h.endsWith("sentry.io"));
        assertThat(p.credentialEnv()).allSatisfy(v -> assertThat(v).matches(ENV));
        assertThat(p.stateDirEnv()).matches(ENV);
        assertThat(p.quietEnv().keySet()).allSatisfy(v -> assertThat(v).matches(ENV));
        assertThat(p.modelEndpointEnv("http://127.0.0.1:9/v1")).isNotEmpty()
                .containsValue("http://127.0.0.1:9/v1");
    }

    @Test
    default void agentCommandStartsWithTheSameProgramFreshAndResumed() {
        AgentProvider p = provider();
        assertThat(p.agentCommand(false)).isNotEmpty();
        assertThat(p.agentCommand(true)).isNotEmpty().isNotEqualTo(p.agentCommand(false));
        assertThat(p.agentCommand(true).get(0)).isEqualTo(p.agentCommand(false).get(0));
        p.headlessCommand("say hi").ifPresent(c -> assertThat(c).contains("say hi"));
    }

    @Test
    default void hookFormatNamesAtLeastOneShellTool() {
        AgentProvider.HookFormat f = provider().hookFormat();
        assertThat(f.label()).isNotBlank();
        assertThat(f.shellTools()).isNotEmpty().doesNotHaveDuplicates();
    }

    /**
     * The agent's workspace settings (what it trusts or executes from the repository) are declared, so a governed
     * session mounts them read-only, and every declared path is one the protection accepts.
     */
    @Test
    default void workspaceConfigPathsAreDeclaredAndProtectedReadOnly() {
        AgentProvider p = provider();
        assertThat(p.workspaceConfigPaths()).as("the workspace files " + p.id() + " trusts or executes").isNotEmpty()
                .doesNotHaveDuplicates();
        dev.scc.core.runtime.WorkspaceProtection protection =
                dev.scc.core.runtime.WorkspaceProtection.forProviders(java.util.List.of(p));
        assertThat(p.workspaceConfigPaths()).allSatisfy(path -> assertThat(protection.mode(path))
                .isEqualTo(dev.scc.core.runtime.WorkspaceProtection.Mode.READ_ONLY));
    }

    @Test
    default void imageRecipeFilesAreOnTheClassPath() throws Exception {
        AgentProvider p = provider();
        AgentProvider.ImageRecipe r = p.image();
        assertThat(r.name()).isEqualTo("scc-agent-" + p.id());
        for (String f : r.files()) {
            try (InputStream in = p.getClass().getClassLoader().getResourceAsStream(r.resource() + "/" + f)) {
                assertThat(in).as(r.resource() + "/" + f).isNotNull();
            }
        }
    }

    @Test
    default void modelApiIsHttpsWhenDeclared() {
        provider().modelApi().ifPresent(api -> {
            assertThat(api.upstream().getScheme()).isEqualTo("https");
            assertThat(api.route()).startsWith("/").doesNotEndWith("/");
            assertThat(api.dialect()).isIn("anthropic", "openai", "plain");
            assertThat(api.apiKey().scheme()).isIn("raw", "bearer", "basic");
            assertThat(api.oauth().scheme()).isIn("raw", "bearer", "basic");
        });
    }
}

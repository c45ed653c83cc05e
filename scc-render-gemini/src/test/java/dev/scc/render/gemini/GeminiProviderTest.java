package dev.scc.render.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the Gemini provider declares, beyond the conformance kit. */
class GeminiProviderTest {
    private final AgentProvider provider = AgentProviderRegistry.load().get("gemini");

    @Test
    void theHookJudgesTheSameShellToolTheRenderedHookIsWiredTo() {
        assertThat(provider.hookFormat().shellTools()).containsExactly(GeminiRenderer.SHELL_TOOL);
        assertThat(provider.hookFormat().label()).isEqualTo("Gemini");
    }

    @Test
    void aModelEndpointIsTheBaseUrlVariableAndTheRenderedSettingsAreNamed() {
        assertThat(provider.modelEndpointEnv("http://broker:8080/gemini"))
                .containsEntry("GOOGLE_GEMINI_BASE_URL", "http://broker:8080/gemini")
                .containsEntry("GEMINI_CLI_SYSTEM_SETTINGS_PATH", "/etc/gemini-cli/settings.json");
        assertThat("/" + GeminiRenderer.SETTINGS).isEqualTo(GeminiRenderer.SYSTEM_SETTINGS_PATH);
    }

    @Test
    void theApiKeyTravelsRawInTheGoogleApiKeyHeaderToTheGeminiApiOnly() {
        AgentProvider.ModelApi api = provider.modelApi().orElseThrow();
        assertThat(api.upstream().toString()).isEqualTo("https://generativelanguage.googleapis.com");
        assertThat(api.apiKey()).isEqualTo(new AgentProvider.Injection("x-goog-api-key", "raw"));
        assertThat(api.apiKeyVariables()).containsExactly("GEMINI_API_KEY");
        assertThat(api.oauthVariables()).isEmpty();
        assertThat(api.baseUrlEnv()).isEqualTo("GOOGLE_GEMINI_BASE_URL");
        assertThat(provider.coreHosts()).containsExactly(api.upstream().getHost());
    }

    @Test
    void theAgentRunsInYoloModeAndResumesTheLatestSession() {
        assertThat(provider.agentCommand(false)).containsExactly("gemini", "--approval-mode=yolo");
        assertThat(provider.agentCommand(true)).containsSequence("--resume", "latest");
        assertThat(provider.headlessCommand("do it")).hasValue(java.util.List.of("gemini", "--approval-mode=yolo", "-p",
                "do it"));
    }

    @Test
    void theImagePinsTheSameCliVersionAsTheCiClients() throws IOException {
        String dockerfile;
        try (InputStream in = GeminiProvider.class.getClassLoader()
                .getResourceAsStream(provider.image().resource() + "/Dockerfile")) {
            dockerfile = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The module's base directory is one level below the checkout root.
        String clients = Files.readString(Path.of("").toAbsolutePath().getParent().resolve(".ci/clients.sh"));
        Matcher inImage = Pattern.compile("ARG GEMINI_CLI_VERSION=(\\S+)").matcher(dockerfile);
        Matcher inCi = Pattern.compile("GEMINI_CLI_VERSION=\"([^\"]+)\"").matcher(clients);
        assertThat(inImage.find()).isTrue();
        assertThat(inCi.find()).isTrue();
        assertThat(inImage.group(1)).isEqualTo(inCi.group(1)).isEqualTo("0.61.0");
        assertThat(dockerfile).contains("scc.provider=gemini", "ENV GEMINI_CLI_SYSTEM_SETTINGS_PATH=/etc/gemini-cli/settings.json");
    }
}

package dev.scc.policy.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.policy.document.PolicyDocuments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSourcesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ORG_DIR = Path.of("/etc/scc");

    private static PolicySource resolve(String json) throws IOException {
        JsonNode cs = JSON.readTree(json);
        return ConfigSources.resolve(PolicyDocuments.configSource(cs, "$"), ORG_DIR, "profiles.t.config_source");
    }

    private static String url(PolicySource s) {
        return ((PolicySource.Remote) s).url().toString();
    }

    @Test
    void githubMapsToRawFileWithDefaults() throws IOException {
        assertThat(url(resolve("{\"source\":\"github\",\"owner\":\"o\",\"repo\":\"r\"}")))
                .isEqualTo("https://raw.githubusercontent.com/o/r/main/team-config.json");
        assertThat(url(resolve("{\"source\":\"github\",\"owner\":\"o\",\"repo\":\"r\",\"branch\":\"dev\",\"path\":\"scc/team.yaml\"}")))
                .isEqualTo("https://raw.githubusercontent.com/o/r/dev/scc/team.yaml");
    }

    @Test
    void directoryLikePathsFromTheReferenceExamplesReadTeamConfigJson() throws IOException {
        assertThat(url(resolve("{\"source\":\"github\",\"owner\":\"o\",\"repo\":\"r\",\"path\":\"/\"}")))
                .endsWith("/main/team-config.json");
        assertThat(url(resolve("{\"source\":\"github\",\"owner\":\"o\",\"repo\":\"r\",\"path\":\"scc/\"}")))
                .endsWith("/main/scc/team-config.json");
    }

    @Test
    void urlSourceKeepsHeadersForFetchTime() throws IOException {
        PolicySource.Remote r = (PolicySource.Remote) resolve(
                "{\"source\":\"url\",\"url\":\"https://cfg.example.com/t.json\",\"headers\":{\"Authorization\":\"Bearer ${T}\"}}");
        assertThat(r.headers()).isEqualTo(Map.of("Authorization", "Bearer ${T}"));
        assertThat(r.toString()).doesNotContain("Bearer");
    }

    @Test
    void fileSourceIsRelativeToTheOrgConfig() throws IOException {
        assertThat(resolve("{\"source\":\"file\",\"path\":\"teams/backend.json\"}"))
                .isEqualTo(new PolicySource.LocalFile(Path.of("/etc/scc/teams/backend.json"), "profiles.t.config_source"));
    }

    @Test
    void httpsGitLabRepositoryBecomesARawUrlAndSshIsRefused() throws IOException {
        assertThat(url(resolve("{\"source\":\"git\",\"url\":\"https://gitlab.corp.example/teams/backend-config.git\",\"branch\":\"main\"}")))
                .isEqualTo("https://gitlab.corp.example/teams/backend-config/-/raw/main/team-config.json");
        assertThatThrownBy(() -> resolve("{\"source\":\"git\",\"url\":\"git@gitlab.example.com:teams/frontend-config.git\"}"))
                .isInstanceOf(PolicySourceException.class).hasMessageContaining("cannot be fetched over HTTPS");
    }

    @Test
    void anHttpsGitHubRepositoryBecomesTheGitHubRawUrl() throws IOException {
        PolicySource.Remote r = (PolicySource.Remote) resolve(
                "{\"source\":\"git\",\"url\":\"https://github.com/acme/team-config.git\",\"branch\":\"dev\"}");
        assertThat(r.url().toString()).isEqualTo("https://raw.githubusercontent.com/acme/team-config/dev/team-config.json");
        assertThat(r.host()).isEqualTo(PolicySource.Host.GITHUB);
    }
}

package dev.scc.broker.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.broker.BrokerMain;
import dev.scc.broker.config.BrokerConfig;
import dev.scc.broker.credential.CredentialException;
import dev.scc.broker.server.BrokerServer;
import dev.scc.broker.testing.FakeModelApi;
import dev.scc.broker.testing.Orgs;
import dev.scc.broker.testing.TestTls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerLaunchTest {
    static final String ANTHROPIC = "sk-ant-api03-" + "A".repeat(90) + "-hostkey";
    static final String OPENAI = "sk-proj-" + "B".repeat(48);
    static final String GITHUB = "ghp_" + "C".repeat(36);
    static final Map<String, String> HOST_ENV = Map.of("ANTHROPIC_API_KEY", ANTHROPIC, "OPENAI_API_KEY", OPENAI,
            "GITHUB_TOKEN", GITHUB);

    @TempDir
    Path tmp;

    static String org(String upstream) {
        return Orgs.header() + """
                broker:
                  ca_bundle: %s
                  credentials:
                    anthropic-key: {env: ANTHROPIC_API_KEY}
                    openai-key: {env: OPENAI_API_KEY}
                    github-token: {env: GITHUB_TOKEN}
                    unused: {env: NOT_SET_ANYWHERE}
                  destinations:
                    - {name: anthropic, type: model-api, provider: anthropic, credential: anthropic-key, upstream: "%s"}
                    - {name: openai, type: model-api, provider: openai, credential: openai-key}
                    - {name: github, type: git, host: github.com, credential: github-token}
                    - {name: ghe, type: git, upstream: "https://git.corp.example", credential: github-token}
                """.formatted(TestTls.testCa(), upstream);
    }

    @Test
    void agentGetsPlaceholdersAndBrokerUrlsNeverAValue() {
        BrokerLaunch launch = BrokerLaunch.prepare(Orgs.config(org("https://api.anthropic.com")), HOST_ENV,
                "http://scc-broker:8080/");

        Map<String, String> claude = launch.agentEnvironment("claude");
        Map<String, String> codex = launch.agentEnvironment("codex");

        assertThat(claude).containsEntry("ANTHROPIC_BASE_URL", "http://scc-broker:8080/anthropic")
                .containsEntry("ANTHROPIC_API_KEY", launch.vault().get("anthropic-key").orElseThrow().placeholder());
        assertThat(codex).containsEntry("OPENAI_BASE_URL", "http://scc-broker:8080/openai/v1")
                .containsKeys("OPENAI_API_KEY", "CODEX_API_KEY");
        assertThat(claude.toString() + codex + launch.systemGitConfig()).doesNotContain(ANTHROPIC).doesNotContain(OPENAI)
                .doesNotContain(GITHUB);
        assertThat(launch.agentEnvironment("gemini")).isEmpty();
    }

    @Test
    void systemGitConfigRewritesEveryBrokeredHostForFetchAndPush() {
        BrokerLaunch launch = BrokerLaunch.prepare(Orgs.config(org("https://api.anthropic.com")), HOST_ENV,
                "http://scc-broker:8080");

        assertThat(launch.systemGitConfig()).contains("""
                [url "http://scc-broker:8080/git/github.com/"]
                \tinsteadOf = https://github.com/
                \tpushInsteadOf = https://github.com/
                \tinsteadOf = git@github.com:
                \tpushInsteadOf = git@github.com:
                """).contains("[url \"http://scc-broker:8080/git/git.corp.example/\"]");
    }

    @Test
    void failingSourceStopsTheLaunchBeforeAnythingIsKeptAndUnusedCredentialsAreNotRead() {
        assertThatThrownBy(() -> BrokerLaunch.prepare(Orgs.config(org("https://api.anthropic.com")),
                Map.of("ANTHROPIC_API_KEY", ANTHROPIC), "http://b:1"))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining("environment variable OPENAI_API_KEY is not set")
                .message().doesNotContain(ANTHROPIC);
        // "unused" names a variable set nowhere: only credentials a destination uses are read.
        assertThat(BrokerLaunch.prepare(Orgs.config(org("https://api.anthropic.com")), HOST_ENV, "http://b:1").vault()
                .names()).containsExactly("anthropic-key", "github-token", "openai-key");
    }

    @Test
    void lastCheckRefusesAContainerSpecThatCarriesACredential() {
        BrokerLaunch launch = BrokerLaunch.prepare(Orgs.config(org("https://api.anthropic.com")), HOST_ENV, "http://b:1");
        launch.requireNoSecrets(launch.agentEnvironment("claude"));

        assertThatThrownBy(() -> launch.requireNoSecrets(Map.of("env OPENAI_API_KEY", "x" + OPENAI)))
                .hasMessage("refusing to launch: credential 'openai-key' would reach the sandbox through env"
                        + " OPENAI_API_KEY; only its placeholder may");
    }

    @Test
    void brokerProcessReadsTheHandoffOnStdinAndForwardsWithTheHostCredential() throws Exception {
        try (FakeModelApi up = new FakeModelApi("test")) {
            Path orgFile = Files.writeString(tmp.resolve("org.yaml"), org(up.uri().toString()));
            BrokerConfig config = Orgs.config(org(up.uri().toString()));
            BrokerLaunch launch = BrokerLaunch.prepare(config, HOST_ENV, "http://127.0.0.1");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            BrokerServer server = BrokerMain.start(new String[] {"--org", orgFile.toString(), "--team", "backend",
                    "--session", "s-main", "--listen", "127.0.0.1:0", "--audit", tmp.resolve("a.jsonl").toString()},
                    new ByteArrayInputStream(launch.handoff()), new PrintStream(err, true));
            try {
                String base = "http://127.0.0.1:" + server.address().getPort();
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "/anthropic/v1/messages")).header("x-api-key", launch.agentEnvironment("claude")
                        .get("ANTHROPIC_API_KEY")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(up.seen().get(0).header("x-api-key")).isEqualTo(ANTHROPIC);
                assertThat(err.toString()).contains("listening on").doesNotContain(ANTHROPIC);
            } finally {
                server.close();
            }
        }
    }

    @Test
    void badHandoffIsAClearError() {
        assertThatThrownBy(() -> BrokerLaunch.readHandoff(new ByteArrayInputStream("nope".getBytes())))
                .hasMessage("broker handoff on standard input is not JSON (JsonParseException)");
        assertThatThrownBy(() -> BrokerLaunch.readHandoff(new ByteArrayInputStream("{}".getBytes())))
                .hasMessage("broker handoff on standard input holds no credential");
    }
}

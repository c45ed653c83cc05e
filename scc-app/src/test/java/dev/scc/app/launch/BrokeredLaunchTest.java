package dev.scc.app.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.core.SccException.Kind;
import dev.scc.app.governance.GovernanceException;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.CredentialBrokerSpec;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.SandboxFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokeredLaunchTest {
    static final String KEY = "sk-ant-api03-" + "Q".repeat(86) + "-realAA";
    static final String TOKEN = "ghp_" + "R".repeat(36);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    static JsonNode org(String credentials) throws Exception {
        return JSON.readTree("""
                {"schema_version":"1.0.0","organization":{"name":"O","id":"o"},
                 "broker":{"credentials":%s,
                   "destinations":[{"name":"anthropic","type":"model-api","provider":"anthropic","credential":"anthropic-key"},
                                   {"name":"github","type":"git","host":"github.com","credential":"github-token"}]}}
                """.formatted(credentials));
    }

    static final String CREDS = "{\"anthropic-key\":{\"env\":\"ANTHROPIC_API_KEY\"},\"github-token\":{\"env\":\"GITHUB_TOKEN\"}}";

    LaunchSpec spec(Map<String, String> env) {
        return LaunchSpec.of(tmp, "claude", NetworkPosture.WEB_EGRESS_ENFORCED, Set.of("api.anthropic.com"))
                .withEnv(env).withTeam("dev");
    }

    @Test
    void theAgentGetsPlaceholdersAndBaseUrlsInsteadOfTheKeyVariablesAndGitGoesThroughTheBroker() throws Exception {
        Map<String, String> host = Map.of("ANTHROPIC_API_KEY", KEY, "GITHUB_TOKEN", TOKEN, "HOME", "/home/u");
        Map<String, String> passed = new LinkedHashMap<>(Map.of("ANTHROPIC_API_KEY", KEY, "CLAUDE_CODE_OAUTH_TOKEN",
                "sk-ant-oat01-x", "OPENAI_API_KEY", "sk-proj-y", "KEEP", "1"));
        LaunchSpec out = BrokeredLaunch.apply(spec(passed), "org.yaml", org(CREDS), host, tmp.resolve("audit.jsonl"),
                false);

        assertThat(out.env()).containsEntry("KEEP", "1")
                .containsEntry("ANTHROPIC_BASE_URL", CredentialBrokerSpec.URL + "/anthropic")
                .doesNotContainKeys("CLAUDE_CODE_OAUTH_TOKEN", "OPENAI_API_KEY");
        assertThat(out.env().get("ANTHROPIC_API_KEY")).startsWith("sk-ant-api03-").hasSize(KEY.length()).isNotEqualTo(KEY);
        assertThat(out.files()).filteredOn(f -> f.containerPath().equals("/etc/gitconfig")).singleElement()
                .satisfies(f -> {
                    assertThat(f.mode()).isEqualTo(0644);
                    assertThat(new String(f.content(), StandardCharsets.UTF_8))
                            .contains("[url \"http://scc-broker:8080/git/github.com/\"]").contains("https://github.com/");
                });
        CredentialBrokerSpec b = out.broker().orElseThrow();
        assertThat(b.credentialNames()).containsExactly("anthropic-key", "github-token");
        assertThat(new String(b.handoff().get(), StandardCharsets.UTF_8)).contains(KEY).contains(TOKEN);
        assertThat(b.toString()).doesNotContain(KEY).doesNotContain(TOKEN);
        assertThat(new String(b.orgDocument(), StandardCharsets.UTF_8)).doesNotContain(KEY);
        assertThat(b.team()).contains("dev");
        assertThat(b.auditLog()).isEqualTo(tmp.resolve("audit.jsonl"));
        assertThat(b.classpath()).isNotEmpty();
        // The check the runtime runs over every container: a value anywhere refuses, naming where, never the value.
        assertThatThrownBy(() -> b.requireNoSecrets(Map.of("the agent's file /x", "token=" + TOKEN)))
                .hasMessageContaining("credential 'github-token'").hasMessageContaining("/x").hasMessageNotContaining(TOKEN);
        b.requireNoSecrets(Map.of("env", String.join(" ", out.env().values())));
        assertThat(BrokeredLaunch.describe(out)).hasValueSatisfying(d -> assertThat(d)
                .contains("anthropic-key, github-token").contains("ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL")
                .doesNotContain(KEY));
    }

    @Test
    void aCredentialThatCannotBeReadStopsTheLaunchNamingItAndNeverEchoingAValue() throws Exception {
        Map<String, String> host = Map.of("ANTHROPIC_API_KEY", KEY, "HOME", "/home/u");
        assertThatThrownBy(() -> BrokeredLaunch.apply(spec(Map.of()), "org.yaml", org(CREDS), host,
                tmp.resolve("audit.jsonl"), false))
                .isInstanceOfSatisfying(GovernanceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIG))
                .hasMessageContaining("github-token").hasMessageContaining("GITHUB_TOKEN")
                .hasMessageContaining("nothing was launched").hasMessageNotContaining(KEY);
    }

    @Test
    void aDryRunReadsNoCredentialButNamesWhatTheAgentWouldGet() throws Exception {
        // A command source that would fail (and would run a program) is not run by a dry run.
        String creds = "{\"anthropic-key\":{\"command\":[\"/nonexistent/op\",\"read\"]},\"github-token\":{\"env\":\"NOPE\"}}";
        LaunchSpec out = BrokeredLaunch.apply(spec(Map.of("ANTHROPIC_API_KEY", KEY)), "org.yaml", org(creds),
                Map.of(), tmp.resolve("audit.jsonl"), true);
        assertThat(out.env()).containsKeys("ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY");
        assertThat(out.env().values()).doesNotContain(KEY);
        assertThatThrownBy(() -> out.broker().orElseThrow().handoff().get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOrgWithoutABrokerLeavesTheLaunchAsItWas() throws Exception {
        LaunchSpec in = spec(Map.of("KEEP", "1"));
        JsonNode org = JSON.readTree("{\"schema_version\":\"1.0.0\",\"organization\":{\"name\":\"O\",\"id\":\"o\"}}");
        assertThat(BrokeredLaunch.apply(in, "org.yaml", org, Map.of(), tmp.resolve("a"), false)).isSameAs(in);
    }

    @Test
    void aRenderedGitconfigIsReplacedByTheBrokersOne() throws Exception {
        LaunchSpec in = spec(Map.of()).withFiles(List.of(new SandboxFile("/etc/gitconfig", "[x]\n".getBytes(), 0644)));
        LaunchSpec out = BrokeredLaunch.apply(in, "org.yaml", org(CREDS), Map.of("ANTHROPIC_API_KEY", KEY,
                "GITHUB_TOKEN", TOKEN), tmp.resolve("a"), false);
        assertThat(out.files()).filteredOn(f -> f.containerPath().equals("/etc/gitconfig")).singleElement()
                .satisfies(f -> assertThat(new String(f.content(), StandardCharsets.UTF_8)).contains("scc-broker"));
    }

    LaunchSpec standaloneSpec(String provider, Map<String, String> env) {
        return LaunchSpec.of(tmp, provider, NetworkPosture.WEB_EGRESS_ENFORCED, Set.of("api.example.test")).withEnv(env);
    }

    @Test
    void aStandaloneSessionKeepsThePersonalKeyWithTheBrokerAndTheAgentGetsAPlaceholder() {
        Map<String, String> host = Map.of("ANTHROPIC_API_KEY", KEY, "HOME", "/home/u");
        LaunchSpec out = BrokeredLaunch.standalone(standaloneSpec("claude", Map.of("ANTHROPIC_API_KEY", KEY, "KEEP",
                "1")), java.util.Optional.empty(), host, tmp.resolve("audit.jsonl"), false);

        assertThat(out.env()).containsEntry("KEEP", "1")
                .containsEntry("ANTHROPIC_BASE_URL", CredentialBrokerSpec.URL + "/anthropic");
        assertThat(out.env().get("ANTHROPIC_API_KEY")).startsWith("sk-ant-api03-").hasSize(KEY.length())
                .isNotEqualTo(KEY);
        CredentialBrokerSpec b = out.broker().orElseThrow();
        assertThat(b.credentialNames()).containsExactly("personal-anthropic-key");
        assertThat(new String(b.handoff().get(), StandardCharsets.UTF_8)).contains(KEY);
        assertThat(new String(b.orgDocument(), StandardCharsets.UTF_8)).doesNotContain(KEY)
                .contains("\"env\":\"ANTHROPIC_API_KEY\"");
        assertThat(b.team()).isEmpty();
        assertThat(out.files()).noneMatch(f -> f.containerPath().equals(BrokeredLaunch.GITCONFIG_PATH));
        b.requireNoSecrets(Map.of("env", String.join(" ", out.env().values())));
    }

    @Test
    void aStandaloneSessionWithOnlyAnOauthTokenBrokersTheTokenAsOauth() throws Exception {
        String token = "sk-ant-oat01-" + "T".repeat(95);
        LaunchSpec out = BrokeredLaunch.standalone(standaloneSpec("claude", Map.of("CLAUDE_CODE_OAUTH_TOKEN", token)),
                java.util.Optional.empty(), Map.of("CLAUDE_CODE_OAUTH_TOKEN", token, "ANTHROPIC_API_KEY", " "),
                tmp.resolve("audit.jsonl"), false);

        assertThat(out.env().get("CLAUDE_CODE_OAUTH_TOKEN")).startsWith("sk-ant-oat01-").isNotEqualTo(token);
        assertThat(out.env()).doesNotContainKey("ANTHROPIC_API_KEY");
        assertThat(JSON.readTree(out.broker().orElseThrow().orgDocument()).at("/broker/credentials")
                .toString()).contains("CLAUDE_CODE_OAUTH_TOKEN");
    }

    @Test
    void aStandaloneCodexSessionBrokersOpenaiOrCodexKeyAtTheHttpsEndpointWithoutItsV1() throws Exception {
        String key = "sk-proj-" + "P".repeat(100);
        LaunchSpec out = BrokeredLaunch.standalone(standaloneSpec("codex", Map.of("CODEX_API_KEY", key)),
                java.util.Optional.of(java.net.URI.create("https://llm.corp.test/v1")), Map.of("CODEX_API_KEY", key),
                tmp.resolve("audit.jsonl"), false);

        assertThat(out.env()).containsEntry("OPENAI_BASE_URL", CredentialBrokerSpec.URL + "/openai/v1");
        assertThat(String.join(" ", out.env().values())).doesNotContain(key);
        JsonNode doc = JSON.readTree(out.broker().orElseThrow().orgDocument());
        assertThat(doc.at("/broker/destinations/0/upstream").asText()).isEqualTo("https://llm.corp.test");
        assertThat(doc.at("/broker/credentials/personal-openai-key/env").asText()).isEqualTo("CODEX_API_KEY");
    }

    @Test
    void aStandaloneSessionWithAPlainHttpEndpointIsRefusedRatherThanHandingItTheKey() {
        assertThatThrownBy(() -> BrokeredLaunch.standalone(standaloneSpec("claude", Map.of("ANTHROPIC_API_KEY", KEY)),
                java.util.Optional.of(java.net.URI.create("http://llm.corp.test")), Map.of("ANTHROPIC_API_KEY", KEY),
                tmp.resolve("audit.jsonl"), false))
                .isInstanceOfSatisfying(GovernanceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIG))
                .hasMessageContaining("http://llm.corp.test is not https://").hasMessageContaining("ANTHROPIC_API_KEY")
                .hasMessageContaining("no credential is passed into the sandbox").hasMessageNotContaining(KEY);
    }

    @Test
    void aStandaloneSessionWithoutAKeyIsUnchanged() {
        LaunchSpec in = standaloneSpec("claude", Map.of("KEEP", "1"));
        assertThat(BrokeredLaunch.standalone(in, java.util.Optional.empty(), Map.of("HOME", "/h"),
                tmp.resolve("audit.jsonl"), false)).isSameAs(in);
    }
}

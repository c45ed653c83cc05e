package dev.scc.cli.commands.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path home;
    private Path org;
    private Path workspace;

    @BeforeEach
    void writeOrg() throws IOException {
        org = home.resolve("org.yaml");
        Files.writeString(org, """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                security:
                  blocked_plugins: ["evil-*"]
                defaults:
                  enabled_plugins: ["base@corp"]
                  allowed_plugins: ["*@corp"]
                  network_policy: web-egress-enforced
                  allowed_providers: [claude]
                marketplaces:
                  corp: {source: directory, path: /plugins}
                delegation:
                  teams: {allow_additional_plugins: ["backend"]}
                  projects: {inherit_team_delegation: true}
                profiles:
                  backend:
                    additional_plugins: ["lint@corp"]
                    delegation: {allow_project_overrides: true}
                  frontend:
                    additional_plugins: ["ui@corp"]
                """);
        workspace = Files.createDirectories(home.resolve("ws"));
    }

    @Test
    void explainPrintsTheSectionsAPersonReadsFirst() {
        CliRun r = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "backend");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Organization: Acme (acme)", "Enforcement Status", "base@corp  (from org.defaults)",
                "lint@corp  (from team.backend)", "web-egress-enforced");
    }

    @Test
    void explainListsBrokeredDestinationsAndSourcesButNeverValues() throws IOException {
        Files.writeString(org, Files.readString(org) + """
                broker:
                  credentials:
                    anthropic-key: {env: ANTHROPIC_API_KEY}
                    github-token: {command: [op, read, "op://eng/github/token"]}
                  destinations:
                    - {name: anthropic, type: model-api, provider: anthropic, credential: anthropic-key}
                    - {name: github, type: git, host: github.com, credential: github-token}
                """);
        CliRun text = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "backend", "--field",
                "brokered");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("Brokered Credentials",
                "anthropic (model-api) -> https://api.anthropic.com  credential anthropic-key from env ANTHROPIC_API_KEY,"
                        + " sent as x-api-key",
                "github (git) -> https://github.com  credential github-token from command op, sent as Authorization:"
                        + " Basic (x-access-token)")
                .doesNotContain("op://eng");
        CliRun json = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "backend", "--json");
        JsonNode brokered = JSON.readTree(json.out()).path("data").path("brokered");
        assertThat(brokered).hasSize(2);
        assertThat(brokered.get(1).path("route").asText()).isEqualTo("/git/github.com");
    }

    @Test
    void explainJsonFollowsTheEnvelopeContract() throws IOException {
        CliRun r = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "frontend", "--json");
        assertThat(r.exit()).isZero();
        JsonNode root = JSON.readTree(r.out());
        assertThat(root.path("apiVersion").asText()).isEqualTo("scc.cli/v1");
        assertThat(root.path("kind").asText()).isEqualTo("ConfigExplain");
        assertThat(root.path("metadata").path("generatedAt").asText()).isEqualTo("2026-06-01T12:00:00Z");
        assertThat(root.path("status").path("ok").asBoolean()).isTrue();
        JsonNode data = root.path("data");
        assertThat(data.path("organization").path("id").asText()).isEqualTo("acme");
        assertThat(data.path("effective").path("plugins").toString()).isEqualTo("[\"base@corp\"]");
        assertThat(data.path("denied_additions").get(0).path("item").asText()).isEqualTo("ui@corp");
        assertThat(data.path("denied_additions").get(0).path("reason").asText())
                .isEqualTo("Team 'frontend' not allowed to add plugins");
        assertThat(data.path("enforcement").get(0).path("status").asText()).isEqualTo("Enforced (speed bump)");
        assertThat(data.path("enforcement").toString()).contains("\"Workspace files the host runs\"",
                "\"Enforced (boundary)\"");
    }

    @Test
    void theEnforcementTableSaysCodexPluginBlocksArePartial() throws Exception {
        String example = java.nio.file.Path.of("../examples/org.yaml").toAbsolutePath().normalize().toString();
        JsonNode codex = JSON.readTree(CliRun.run(home, "config", "explain", "--org", example, "--team", "backend",
                "--provider", "codex", "--json").out()).path("data").path("enforcement").get(0);
        assertThat(codex.path("surface").asText()).isEqualTo("Plugins");
        assertThat(codex.path("status").asText()).isEqualTo("Partially enforced");
        assertThat(codex.path("detail").asText()).contains("codex plugin add");
        JsonNode claude = JSON.readTree(CliRun.run(home, "config", "explain", "--org", example, "--team", "backend",
                "--provider", "claude", "--json").out()).path("data").path("enforcement").get(0);
        assertThat(claude.path("status").asText()).isEqualTo("Enforced (speed bump)");
    }

    @Test
    void explainJsonIsByteIdenticalAcrossRuns() {
        String a = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "backend", "--json").out();
        String b = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "backend", "--json").out();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void fieldSelectsOneSection() throws IOException {
        CliRun r = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "frontend", "--field", "denied", "--json");
        JsonNode data = JSON.readTree(r.out()).path("data");
        assertThat(data.fieldNames()).toIterable().containsExactly("denied");
        CliRun text = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "frontend", "--field", "denied");
        assertThat(text.out()).contains("Denied Additions", "scc unblock ui@corp").doesNotContain("Enforcement Status");
    }

    @Test
    void unknownFieldIsAUsageError() {
        CliRun r = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "backend", "--field", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown --field 'nope'", "plugins");
    }

    @Test
    void unknownTeamListsTheAvailableTeams() {
        CliRun r = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "nope");
        assertThat(r.exit()).isEqualTo(1); // not found, as in every command
        assertThat(r.err()).contains("Team 'nope' not found", "backend, frontend");
    }

    @Test
    void disallowedProviderIsAGovernanceRefusal() throws IOException {
        CliRun r = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "backend", "--provider", "codex", "--json");
        assertThat(r.exit()).isEqualTo(6);
        assertThat(JSON.readTree(r.out()).path("status").path("errors").get(0).path("message").asText())
                .contains("Provider 'codex' is not allowed");
    }

    @Test
    void missingOrgIsAConfigErrorWithTheFix() {
        CliRun r = CliRun.run(home, "config", "explain", "--team", "backend");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("no organization config", "--org FILE", "scc setup");
    }

    @Test
    void invalidOrgNamesFilePathAndExpectation() throws IOException {
        Path bad = home.resolve("bad.json");
        Files.writeString(bad, "{\"schema_version\":\"1.0.0\",\"organization\":{\"name\":\"A\",\"id\":\"a\"},"
                + "\"defaults\":{\"network_policy\":\"wide\"},\"surprise\":1}");
        CliRun r = CliRun.run(home, "config", "explain", "--org", bad.toString(), "--team", "x");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains(bad.toString(), "$.defaults.network_policy", "surprise");
    }

    @Test
    void malformedYamlNamesTheLine() throws IOException {
        Path bad = home.resolve("bad.yaml");
        Files.writeString(bad, "schema_version: \"1.0.0\"\norganization: {name: A, id: a\n");
        CliRun r = CliRun.run(home, "config", "explain", "--org", bad.toString(), "--team", "x");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains(bad.toString());
    }

    @Test
    void validateExitsSixWhenAProjectItemIsRefused() throws IOException {
        Files.writeString(workspace.resolve(".scc.yaml"), "additional_plugins: [evil-x@corp, ok@corp]\nsurprise: 1\n");
        CliRun r = CliRun.run(home, "config", "validate", "--org", org.toString(), "--team", "backend",
                "--workspace", workspace.toString(), "--json");
        assertThat(r.exit()).isEqualTo(6);
        assertThat(r.out()).contains("\"item\" : \"evil-x@corp\"", "\"unknown_keys\" : [ \"surprise\" ]");
    }

    @Test
    void validatePassesACleanProject() throws IOException {
        Files.writeString(workspace.resolve(".scc.yaml"), "additional_plugins: [ok@corp]\n");
        CliRun r = CliRun.run(home, "config", "validate", "--org", org.toString(), "--team", "backend",
                "--workspace", workspace.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("OK: every item");
    }

    @Test
    void unblockRefusesASecurityBlock() throws IOException {
        Files.writeString(workspace.resolve(".scc.yaml"), "additional_plugins: [evil-x@corp]\n");
        CliRun r = CliRun.run(home, "unblock", "evil-x@corp", "--reason", "please", "--org", org.toString(),
                "--team", "backend", "--workspace", workspace.toString());
        assertThat(r.exit()).isEqualTo(6);
        assertThat(r.err()).contains("blocked by security policy", "evil-*");
    }

    @Test
    void unblockCreatesAnOverrideThatTheNextExplainApplies() {
        CliRun r = CliRun.run(home, "unblock", "ui@corp", "--reason", "pairing with backend", "--ttl", "2h",
                "--org", org.toString(), "--team", "frontend");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Unblocked plugin 'ui@corp' until 2026-06-01T14:00:00Z");
        CliRun after = CliRun.run(home, "config", "explain", "--org", org.toString(), "--team", "frontend", "--field", "plugins");
        assertThat(after.out()).contains("ui@corp");
    }

    @Test
    void unblockOfSomethingNotDeniedSaysWhatIs() {
        CliRun r = CliRun.run(home, "unblock", "other@corp", "--reason", "x", "--org", org.toString(), "--team", "frontend");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("not a denied", "Denied now: ui@corp");
    }

    @Test
    void aTeamPinnedToTheWorkspaceBeatsTheSelectedTeamButNotTheFlag() throws IOException {
        Files.createDirectories(home.resolve(".config/scc"));
        Files.writeString(home.resolve(".config/scc/config.json"), "{\"selected_profile\":\"frontend\","
                + "\"workspace_team_map\":{\"" + workspace.toAbsolutePath() + "\":\"backend\"}}");
        assertThat(CliRun.run(home, "config", "explain", "--org", org.toString(), "--workspace", workspace.toString())
                .out()).contains("Team:         backend");
        assertThat(CliRun.run(home, "config", "explain", "--org", org.toString()).out()).contains("Team:         frontend");
        assertThat(CliRun.run(home, "config", "explain", "--org", org.toString(), "--workspace", workspace.toString(),
                "--team", "frontend").out()).contains("Team:         frontend");
    }

    @Test
    void sccAloneBeforeSetupSaysHowToBegin() {
        CliRun r = CliRun.run(home);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("scc is not set up yet: run 'scc setup'").contains("Usage: scc");
    }

    @Test
    void aFederatedTeamsFileConfigIsReadRelativeToTheOrgAndPassesTheSameGates() throws IOException {
        Path orgDir = Files.createDirectories(home.resolve("policy"));
        Files.writeString(orgDir.resolve("fed.json"), "{\"schema_version\":\"1.0.0\","
                + "\"enabled_plugins\":[\"lint@corp\",\"evil-x@corp\"]}");
        Path fedOrg = orgDir.resolve("org.yaml");
        Files.writeString(fedOrg, Files.readString(org).replace("profiles:\n",
                "profiles:\n  fed:\n    config_source: {source: file, path: fed.json}\n"));
        Files.writeString(fedOrg, Files.readString(fedOrg).replace("allow_additional_plugins: [\"backend\"]",
                "allow_additional_plugins: [\"backend\", \"fed\"]"));
        CliRun r = CliRun.run(home, "config", "explain", "--org", fedOrg.toString(), "--team", "fed", "--field", "plugins");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("lint@corp  (from team.fed)").doesNotContain("evil-x@corp");
    }
}

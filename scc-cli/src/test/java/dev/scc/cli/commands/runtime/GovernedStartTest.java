package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scc start} with an org: the launch plan comes from the one effective configuration. No engine needed. */
class GovernedStartTest {
    @TempDir Path home;
    private Path org;
    private Path ws;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void files() throws IOException {
        org = home.resolve("org.yaml");
        Files.writeString(org, """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                security:
                  blocked_plugins: ["evil-*"]
                  safety_net: {action: block, block_force_push: true}
                  workspace_protection: {.envrc: review, scripts/deploy.sh: read-only}
                destination_sets:
                  npm: {hosts: [registry.npmjs.org]}
                defaults:
                  network_policy: web-egress-enforced
                  enabled_plugins: [review@claude-plugins-official, evil-x@claude-plugins-official]
                  destination_sets: [npm]
                  sandbox: {memory: 2g, pids_limit: 256}
                profiles:
                  web: {allowed_providers: [claude]}
                  both: {}
                """);
        ws = Files.createDirectories(home.resolve("ws"));
        Files.createDirectories(ws.resolve(".git")); // a repository: scc start refuses a plain directory
    }

    private int scc(String... args) {
        CliServices services = new CliServices(Map.of("HOME", home.toString(), "DOCKER_HOST", "unix://" + home.resolve("no-docker.sock")), home, Clock.systemUTC());
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
    }

    @Test
    void dryRunPlanComesFromThePolicy() throws IOException {
        assertThat(scc("start", "--org", org.toString(), "--team", "web", "--dry-run", "--json", ws.toString())).isZero();
        JsonNode d = new ObjectMapper().readTree(out.toString()).path("data");
        assertThat(d.path("kind").isMissingNode()).isTrue();
        assertThat(d.path("provider").asText()).isEqualTo("claude");
        assertThat(d.path("network_posture").asText()).isEqualTo("web-egress-enforced");
        assertThat(d.path("allowed_hosts").toString()).contains("registry.npmjs.org", "api.anthropic.com");
        assertThat(d.path("limits").path("memory_bytes").asLong()).isEqualTo(2L << 30);
        assertThat(d.path("limits").path("pids").asLong()).isEqualTo(256);
        assertThat(d.path("rendered_files").toString()).contains("/etc/claude-code/managed-settings.json",
                "/etc/scc/safety-policy.json");
        assertThat(d.path("policy_fingerprint").asText()).startsWith("sha256:");
        assertThat(d.path("egress_acl").asText()).contains("registry.npmjs.org");
        // the org's per-path choices over SCC's default set
        assertThat(d.path("workspace_protection").path(".envrc").asText()).isEqualTo("review");
        assertThat(d.path("workspace_protection").path("scripts/deploy.sh").asText()).isEqualTo("read-only");
        assertThat(d.path("workspace_protection").path(".git/hooks").asText()).isEqualTo("read-only");
    }

    @Test
    void aProtectedPathOutsideTheWorkspaceOrAnUnknownModeIsAConfigError() throws IOException {
        for (String bad : new String[] {"{../etc: read-only}", "{.envrc: writable}"}) {
            Files.writeString(org, Files.readString(org).replaceFirst("workspace_protection: \\{[^}]*\\}",
                    "workspace_protection: " + java.util.regex.Matcher.quoteReplacement(bad)));
            assertThat(scc("start", "--org", org.toString(), "--team", "web", "--dry-run", ws.toString())).as(bad)
                    .isEqualTo(3);
            assertThat(err.toString()).contains("workspace_protection");
        }
    }

    @Test
    void dryRunShowsTheImageRefusalTheLaunchWouldMakeAndExitsAsItWould() throws IOException {
        String agent = dev.scc.runtime.docker.ImageNames.DEFAULT.agent("claude");
        Files.writeString(org, Files.readString(org).replace("  blocked_plugins: [\"evil-*\"]",
                "  blocked_plugins: [\"evil-*\"]\n  blocked_base_images: [\"" + agent + "\", \"*:bookworm-slim\"]"));
        assertThat(scc("start", "--org", org.toString(), "--team", "web", "--dry-run", ws.toString())).isEqualTo(6);
        assertThat(out.toString()).contains("the launch would refuse:", "image '" + agent
                + "' is blocked by security.blocked_base_images ('" + agent + "')", "cannot reach the Docker engine");
        out.getBuffer().setLength(0);
        assertThat(scc("start", "--org", org.toString(), "--team", "web", "--dry-run", "--json", ws.toString()))
                .isEqualTo(6);
        JsonNode env = new ObjectMapper().readTree(out.toString());
        assertThat(env.path("status").path("ok").asBoolean()).isFalse();
        assertThat(env.path("status").path("errors").get(0).path("code").asText()).isEqualTo("governance");
        assertThat(env.path("data").path("refusals").findValuesAsText("code")).contains("prerequisite", "governance");
    }

    @Test
    void aDryRunWithNothingToRefuseSaysSoAndExitsZero() {
        assertThat(scc("start", "--org", org.toString(), "--team", "web", "--dry-run", ws.toString())).isZero();
        assertThat(out.toString()).contains("dry run: nothing is created or fetched", "the launch would refuse:",
                "cannot reach the Docker engine").doesNotContain("blocked_base_images");
    }

    @Test
    void aModelEndpointTheOrgDoesNotAllowIsRefusedBeforeTheEngineAndOneItAllowsReachesTheSandbox() throws IOException {
        int refused = scc("start", "--org", org.toString(), "--team", "both", "--provider", "codex", "--dry-run",
                "--model-endpoint", "https://llm.corp.test/v1", ws.toString());
        assertThat(refused).as(err.toString()).isEqualTo(dev.scc.cli.ExitCodes.GOVERNANCE);
        assertThat(err.toString()).contains("llm.corp.test").contains("destination set");

        out.getBuffer().setLength(0);
        assertThat(scc("start", "--org", org.toString(), "--team", "both", "--provider", "codex", "--dry-run", "--json",
                "--model-endpoint", "https://registry.npmjs.org/v1", ws.toString())).as(err.toString()).isZero();
        JsonNode d = new ObjectMapper().readTree(out.toString()).path("data");
        assertThat(d.path("allowed_hosts").toString()).as("nothing widened").doesNotContain("llm.corp.test");
        assertThat(d.path("rendered_files").toString()).contains("/etc/codex/config.toml");
    }

    @Test
    void anOrgRuleThatDoesNotLoadStopsTheLaunchNamingFileKeyPathAndRuleAndCreatesNothing() throws IOException {
        Files.writeString(org, Files.readString(org) + """
                rules:
                  - id: deny-infra-destroy
                    match: {command: ["terraform destroy"]}
                    decision: forbid
                """);
        assertThat(scc("start", "--org", org.toString(), "--team", "web", "--dry-run", ws.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("rules[0].decision").contains("forbid").contains("org.yaml");
    }

    @Test
    void renderedManagedSettingsKeepTheBlockedPluginOff() throws IOException {
        assertThat(scc("render", "--org", org.toString(), "--team", "web", "--provider", "claude", "--root",
                home.resolve("root").toString())).isZero();
        String settings = Files.readString(home.resolve("root/etc/claude-code/managed-settings.json"));
        assertThat(settings).contains("\"evil-x@claude-plugins-official\": false");
    }

    @Test
    void disallowedProviderIsRefusedBeforeAnythingIsCreated() {
        assertThat(scc("start", "--org", org.toString(), "--team", "web", "--provider", "codex", "--dry-run",
                ws.toString())).isEqualTo(6);
        assertThat(err.toString()).contains("Provider 'codex' is not allowed for team 'web'");
    }

    @Test
    void aSessionMayTightenButNotLowerThePosture() {
        assertThat(scc("start", "--org", org.toString(), "--team", "web", "--network", "open", "--dry-run",
                ws.toString())).isEqualTo(6);
        assertThat(err.toString()).contains("would lower the org's posture");
        assertThat(scc("start", "--org", org.toString(), "--team", "web", "--network", "locked-down-web",
                "--local-model-endpoint", "http://127.0.0.1:8080", "--dry-run", ws.toString())).isZero();
        assertThat(out.toString()).contains("network        locked-down-web");
    }

    @Test
    void extraDestinationsAreNotAFlagInAGovernedSession() {
        assertThat(scc("start", "--org", org.toString(), "--team", "web", "--allow", "evil.example", "--dry-run",
                ws.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--allow is for standalone sessions");
    }

    @Test
    void askWithTwoAllowedProvidersNeedsAChoice() throws IOException {
        Files.createDirectories(home.resolve(".config/scc"));
        Files.writeString(home.resolve(".config/scc/config.json"), "{\"selected_provider\":\"ask\"}");
        assertThat(scc("start", "--org", org.toString(), "--team", "both", "--dry-run", ws.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--provider claude|codex");
    }

    @Test
    void doctorChecksThePolicyBeforeTheEngine() throws IOException {
        CliServices services = new CliServices(Map.of("HOME", home.toString()), home, Clock.systemUTC());
        assertThat(DoctorCommand.policyCheck(services)).satisfies(c -> {
            assertThat(c.ok()).isFalse();
            assertThat(c.fix()).isEqualTo("scc setup");
        });
        Files.createDirectories(home.resolve(".config/scc"));
        Files.writeString(home.resolve(".config/scc/config.json"),
                "{\"organization_source\":{\"url\":\"" + org + "\"}}");
        assertThat(DoctorCommand.policyCheck(services)).satisfies(c -> {
            assertThat(c.ok()).as(c.detail()).isTrue();
            assertThat(c.detail()).contains(org.toString());
        });
        Files.writeString(org, "schema_version: \"1.0.0\"\norganization: {name: A}\n");
        assertThat(DoctorCommand.policyCheck(services).ok()).isFalse();
    }
}

package dev.scc.cli.commands.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scc setup} without a terminal: flags only, never a prompt, every gap a usage error naming its flag. */
class SetupCommandTest {
    @TempDir Path home;
    private Path org;

    @BeforeEach
    void org() throws IOException {
        org = Cli.writeOrg(home);
    }

    @Test
    void helpShowsTheFlagsAndExamples() {
        Cli r = Cli.run(home, "setup", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: scc setup", "--org=SOURCE", "--team=NAME", "--provider=P", "--standalone",
                "-y, --yes", "--json", "--verbose", "--no-color", "Examples:",
                "scc setup --org ./org.yaml --team backend --provider claude --yes", "Exit codes:",
                "2     a required flag is missing and scc may not prompt", "130   cancelled at a prompt");
    }

    @Test
    void scriptedSetupWritesTheUserConfigAndReportsReadiness() throws IOException {
        Cli r = Cli.run(home, "setup", "--org", org.toString(), "--team", "backend", "--provider", "codex");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Saved " + Cli.userConfig(home), "Organization: Acme (" + org + ")",
                "Team:         backend", "Provider:     codex  (allowed: claude, codex)", "ok   java: Java 17",
                "WARN docker: no Docker socket at " + home.resolve("no-docker.sock"), "Next: scc config explain")
                .doesNotContain("\u001b[");
        JsonNode cfg = Cli.readUserConfig(home);
        assertThat(cfg.path("organization_source").path("url").asText()).isEqualTo(org.toString());
        assertThat(cfg.path("selected_profile").asText()).isEqualTo("backend");
        assertThat(cfg.path("selected_provider").asText()).isEqualTo("codex");
        assertThat(cfg.path("standalone").asBoolean(true)).isFalse();
    }

    @Test
    void jsonFollowsTheEnvelopeWithChoicesAndReadiness() {
        Cli r = Cli.run(home, "setup", "--org", org.toString(), "--team", "frontend", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode root = r.json();
        assertThat(root.path("apiVersion").asText()).isEqualTo("scc.cli/v1");
        assertThat(root.path("kind").asText()).isEqualTo("Setup");
        assertThat(root.path("metadata").path("generatedAt").asText()).isEqualTo("2026-06-01T12:00:00Z");
        assertThat(root.path("status").path("ok").asBoolean()).isTrue();
        assertThat(root.path("status").path("warnings").get(0).asText()).startsWith("docker: no Docker socket");
        JsonNode d = root.path("data");
        assertThat(d.path("organization").asText()).isEqualTo("Acme");
        assertThat(d.path("organization_source_kind").asText()).isEqualTo("file");
        assertThat(d.path("team").asText()).isEqualTo("frontend");
        // frontend may only use claude, so that is the default without asking.
        assertThat(d.path("provider").asText()).isEqualTo("claude");
        assertThat(d.path("allowed_providers").toString()).isEqualTo("[\"claude\"]");
        assertThat(d.path("readiness").get(1).path("name").asText()).isEqualTo("docker");
        assertThat(d.path("readiness").get(1).path("ok").asBoolean()).isFalse();
    }

    @Test
    void anOrgWithNoTeamProfilesSetsUpForTheOrgBaselineAndExplainShowsIt() throws IOException {
        Path bare = home.resolve("bare-org.yaml");
        Files.writeString(bare, """
                schema_version: "1.0.0"
                organization: {name: Bare, id: bare}
                defaults:
                  network_policy: web-egress-enforced
                  allowed_providers: [codex]
                """);
        Cli r = Cli.run(home, "setup", "--org", bare.toString(), "--yes");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Organization: Bare (" + bare + ")", "Team:         (none: the org baseline)",
                "Provider:     codex  (allowed: codex)", "Note: the org defines no team profiles");
        JsonNode cfg = Cli.readUserConfig(home);
        assertThat(cfg.path("organization_source").path("url").asText()).isEqualTo(bare.toString());
        assertThat(cfg.path("selected_profile").isNull()).as(cfg.toString()).isTrue();
        assertThat(cfg.path("selected_provider").asText()).isEqualTo("codex");

        Cli explain = Cli.run(home, "config", "explain", "--json");
        assertThat(explain.exit()).as(explain.toString()).isZero();
        assertThat(explain.json().path("data").path("effective").path("network_policy").asText())
                .isEqualTo("web-egress-enforced");

        Cli named = Cli.run(home, "setup", "--org", bare.toString(), "--team", "backend", "--yes");
        assertThat(named.exit()).isEqualTo(1);
        assertThat(named.err()).contains("team 'backend' not found", "defines no teams", "leave out --team");
    }

    @Test
    void withSeveralAllowedProvidersTheDefaultIsAsk() throws IOException {
        assertThat(Cli.run(home, "setup", "--org", org.toString(), "--team", "backend").exit()).isZero();
        assertThat(Cli.readUserConfig(home).path("selected_provider").asText()).isEqualTo("ask");
    }

    @Test
    void noOrgAndNoStandaloneIsAUsageErrorNamingTheFlagsAndWritesNothing() {
        Cli r = Cli.run(home, "setup");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("scc: --org SOURCE (a file path or URL) or --standalone is required\n");
        assertThat(Cli.userConfig(home)).doesNotExist();
    }

    @Test
    void aMissingTeamIsAUsageErrorListingTheTeams() {
        Cli r = Cli.run(home, "setup", "--org", org.toString(), "--yes");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("scc: --team NAME is required. Available teams: backend, frontend\n");
        assertThat(Cli.userConfig(home)).doesNotExist();
    }

    @Test
    void anUnknownTeamIsNotFound() {
        Cli r = Cli.run(home, "setup", "--org", org.toString(), "--team", "ops");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("team 'ops' not found in the org config. Available teams: backend, frontend");
    }

    @Test
    void aProviderTheOrgDoesNotAllowTheTeamIsAGovernanceRefusal() {
        Cli r = Cli.run(home, "setup", "--org", org.toString(), "--team", "frontend", "--provider", "codex");
        assertThat(r.exit()).isEqualTo(6);
        assertThat(r.err()).contains("provider 'codex' is not allowed for team 'frontend'. Allowed: claude");
        assertThat(Cli.userConfig(home)).doesNotExist();
    }

    @Test
    void anUnknownProviderIsAUsageError() {
        Cli r = Cli.run(home, "setup", "--org", org.toString(), "--team", "backend", "--provider", "gpt");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown provider 'gpt' for --provider. Choose one of: claude, codex, gemini, ask");
    }

    @Test
    void aMissingOrgFileIsNotFound() {
        Cli r = Cli.run(home, "setup", "--org", home.resolve("nope.yaml").toString(), "--team", "x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("org config file not found: " + home.resolve("nope.yaml"));
    }

    @Test
    void anInvalidOrgFileIsAConfigErrorNamingTheProblem() throws IOException {
        Path bad = home.resolve("bad.json");
        Files.writeString(bad, "{\"schema_version\":\"1.0.0\",\"organization\":{\"name\":\"A\",\"id\":\"a\"},\"surprise\":1}");
        Cli r = Cli.run(home, "setup", "--org", bad.toString(), "--team", "x");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains(bad.toString(), "surprise");
        assertThat(Cli.userConfig(home)).doesNotExist();
    }

    /** A remote org is fetched and validated at setup (from a loopback server: tests never leave the machine). */
    @Test
    void aUrlIsFetchedValidatedAndStored() throws IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = java.nio.file.Files.readAllBytes(org);
        server.createContext("/org.yaml", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (var os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/org.yaml";
            Cli r = Cli.runWithLoopbackHttp(home, "setup", "--org", url, "--team", "backend", "--json");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.json().path("data").path("organization_source_kind").asText()).isEqualTo("remote");
            assertThat(Cli.readUserConfig(home).path("organization_source").path("url").asText()).isEqualTo(url);
            Cli missingTeam = Cli.runWithLoopbackHttp(home, "setup", "--org", url, "--team", "nope");
            assertThat(missingTeam.exit()).isNotZero();
            assertThat(missingTeam.err()).contains("nope");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void plainHttpIsAUsageError() {
        Cli r = Cli.run(home, "setup", "--org", "http://config.example/org.json", "--team", "backend");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unsupported org config source 'http://config.example/org.json'");
        assertThat(Cli.userConfig(home)).doesNotExist();
    }

    @Test
    void standaloneModeNeedsNoOrgAndForgetsAConnectedOne() throws IOException {
        assertThat(Cli.run(home, "setup", "--org", org.toString(), "--team", "backend").exit()).isZero();
        Cli r = Cli.run(home, "setup", "--standalone", "--provider", "codex", "--yes");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Mode:         standalone (no org config; nothing is governed)", "Next: scc start");
        JsonNode cfg = Cli.readUserConfig(home);
        assertThat(cfg.path("standalone").asBoolean()).isTrue();
        assertThat(cfg.path("organization_source").isNull()).isTrue();
        assertThat(cfg.path("selected_provider").asText()).isEqualTo("codex");
    }

    @Test
    void standaloneWithAnOrgIsAUsageError() {
        Cli r = Cli.run(home, "setup", "--standalone", "--org", org.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--standalone cannot be combined with --org or --team");
    }

    @Test
    void rerunningWithoutFlagsKeepsTheConnectedOrgAndTeam() throws IOException {
        assertThat(Cli.run(home, "setup", "--org", org.toString(), "--team", "backend", "--provider", "claude").exit()).isZero();
        Cli r = Cli.run(home, "setup", "--provider", "codex", "--yes");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode cfg = Cli.readUserConfig(home);
        assertThat(cfg.path("selected_profile").asText()).isEqualTo("backend");
        assertThat(cfg.path("selected_provider").asText()).isEqualTo("codex");
    }

    @Test
    void aRelativeOrgPathIsStoredAbsolute() throws IOException {
        Path rel = Path.of("").toAbsolutePath().relativize(org);
        assertThat(Cli.run(home, "setup", "--org", rel.toString(), "--team", "backend").exit()).isZero();
        assertThat(Path.of(Cli.readUserConfig(home).path("organization_source").path("url").asText())).isAbsolute();
    }
}

package dev.scc.cli.commands.org;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrgCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void schemaPrintsTheOrgSchemaAndTeamSchemaWithFlag() throws IOException {
        Run org = run("org", "schema");
        assertThat(org.exit()).isZero();
        assertThat(JSON.readTree(org.out()).path("title").asText()).contains("org-v1");
        Run team = run("org", "schema", "--team");
        assertThat(JSON.readTree(team.out()).path("title").asText()).contains("team-config.v1");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"01-quickstart-minimal.json", "05-org-federated-teams.json",
            "99-complete-reference.json", "team-config-example.json"})
    void referenceExamplesValidateThroughTheCli(String name) throws IOException {
        Path f = write(name, new String(OrgCommandTest.class.getResourceAsStream("/org/" + name).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8));
        Run r = run("org", "validate", f.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    @Test
    void validOrgExitsZero() throws IOException {
        Path f = write("org.yaml", "schema_version: \"1.0.0\"\norganization: {name: A, id: a}\n");
        Run r = run("org", "validate", f.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("valid org config");
    }

    @Test
    void teamConfigIsDetectedFromContent() throws IOException {
        Path f = write("t.json", "{\"$schema\": \"x\", \"schema_version\": \"1.0.0\", \"enabled_plugins\": [\"a@b\"]}");
        Run r = run("org", "validate", f.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("valid team config (team-config.v1)");
    }

    @Test
    void invalidOrgExitsThreeAndListsEveryProblem() throws IOException {
        Path f = write("bad.json", "{\"schema_version\": \"1.0.0\", \"organization\": {\"name\": \"A\", \"id\": \"A B\"},"
                + " \"defaults\": {\"network_policy\": \"wide\"}, \"extra\": 1}");
        Run r = run("org", "validate", f.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out().lines()).containsExactly(
                f + ": $.defaults.network_policy: value \"wide\" is not allowed (expected one of: open, web-egress-enforced, locked-down-web)",
                f + ": $.extra: unknown key 'extra' (expected one of: $schema, schema_version, min_cli_version, organization, marketplaces,"
                        + " security, defaults, delegation, profiles, governed_artifacts, stats, destination_sets, exceptions, broker, rules)",
                f + ": $.organization.id: value \"A B\" does not match the required pattern (expected an id of lowercase letters, digits and '-' (^[a-z0-9-]+$))");
        assertThat(r.err()).contains("3 problems");
    }

    @Test
    void syntaxErrorIsAProblemWithLineAndColumn() throws IOException {
        Path f = write("broken.json", "{\n  \"a\": ,\n}");
        Run r = run("org", "validate", f.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains(f + ": $: line 2:").contains("(expected valid JSON)");
    }

    @Test
    void jsonOutputUsesTheEnvelope() throws IOException {
        Path f = write("bad.yaml", "schema_version: \"1.0.0\"\norganization: {name: A, id: a}\nprofiles: {t: {plugin: x}}\n");
        Run r = run("org", "validate", f.toString(), "--json");
        assertThat(r.exit()).isEqualTo(3);
        JsonNode env = JSON.readTree(r.out());
        assertThat(env.path("apiVersion").asText()).isEqualTo("scc.cli/v1");
        assertThat(env.path("kind").asText()).isEqualTo("OrgValidation");
        assertThat(env.path("metadata").has("generatedAt")).isTrue();
        assertThat(env.path("status").path("ok").asBoolean()).isFalse();
        assertThat(env.path("status").path("errors")).hasSize(1);
        assertThat(env.path("data").path("valid").asBoolean()).isFalse();
        assertThat(env.path("data").path("problems").get(0).path("path").asText()).isEqualTo("$.profiles.t.plugin");
    }

    @Test
    void httpSourceIsRefusedWithExitThree() {
        Run r = run("org", "validate", "http://cfg.example.com/org.json");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("HTTP is not allowed");
    }

    @Test
    void aMissingFileIsNotFoundExitOne() {
        Run r = run("org", "validate", dir.resolve("nope.json").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("file not found");
    }
}

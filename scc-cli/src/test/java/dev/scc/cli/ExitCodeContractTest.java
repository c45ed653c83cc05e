package dev.scc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's exit-code table holds for every command in the same situation, and with {@code --json} every outcome,
 * success or failure, is one {@code scc.cli/v1} envelope on stdout whose {@code status.ok} matches the exit code and
 * whose errors carry {@code code}, {@code message} and {@code fix}. No Docker engine is reachable here.
 */
class ExitCodeContractTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path home;
    private Path repo;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(home.resolve("org.yaml"), """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                defaults: {allowed_providers: [claude], network_policy: web-egress-enforced}
                profiles:
                  backend: {}
                """);
        Files.writeString(home.resolve("broken.yaml"), """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                defaults: {network_policy: everything-goes}
                """);
        repo = Files.createDirectories(home.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Files.createDirectories(home.resolve("plain"));
    }

    private record Run(int exit, String out, String err) {}

    private Run scc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliServices services = new CliServices(Map.of("USER", "tester", "HOME", home.toString(),
                "DOCKER_HOST", "unix://" + home.resolve("no-docker.sock")), home, CLOCK, repo, false);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code FILE} stands for the org file, {@code BROKEN} for an invalid one, {@code MISSING} for none. */
    private String[] args(List<String> template) {
        return template.stream().map(a -> switch (a) {
            case "FILE" -> home.resolve("org.yaml").toString();
            case "BROKEN" -> home.resolve("broken.yaml").toString();
            case "MISSING" -> home.resolve("missing.yaml").toString();
            case "REPO" -> repo.toString();
            case "PLAIN" -> home.resolve("plain").toString();
            case "HOME" -> home.toString();
            default -> a;
        }).toArray(String[]::new);
    }

    static Stream<Arguments> situations() {
        List<Arguments> all = new ArrayList<>();
        List<List<String>> governed = List.of(
                List.of("config", "explain"),
                List.of("config", "validate"),
                List.of("render", "--provider", "claude", "--root", "ROOT"),
                List.of("start", "--dry-run", "REPO"));
        for (List<String> cmd : governed) {
            all.add(Arguments.of("unknown team", with(cmd, "--org", "FILE", "--team", "nope"), ExitCodes.NOT_FOUND));
            all.add(Arguments.of("missing org file", with(cmd, "--org", "MISSING", "--team", "backend"),
                    ExitCodes.NOT_FOUND));
            all.add(Arguments.of("invalid org", with(cmd, "--org", "BROKEN", "--team", "backend"), ExitCodes.CONFIG));
            all.add(Arguments.of("unknown option", with(cmd, "--no-such-flag"), ExitCodes.USAGE));
        }
        all.add(Arguments.of("no org configured", List.of("config", "explain"), ExitCodes.CONFIG));
        all.add(Arguments.of("provider not allowed", List.of("config", "explain", "--org", "FILE", "--team", "backend",
                "--provider", "codex"), ExitCodes.GOVERNANCE));
        all.add(Arguments.of("provider not allowed", List.of("start", "--dry-run", "--org", "FILE", "--team", "backend",
                "--provider", "codex", "REPO"), ExitCodes.GOVERNANCE));
        all.add(Arguments.of("unknown provider", List.of("config", "explain", "--org", "FILE", "--team", "backend",
                "--provider", "no-such-agent"), ExitCodes.USAGE));
        all.add(Arguments.of("workspace is home", List.of("start", "--dry-run", "--org", "FILE", "--team", "backend",
                "HOME"), ExitCodes.USAGE));
        all.add(Arguments.of("workspace not a repository", List.of("start", "--dry-run", "--org", "FILE", "--team",
                "backend", "PLAIN"), ExitCodes.USAGE));
        all.add(Arguments.of("workspace is the root directory", List.of("start", "--dry-run", "--confirm-workspace",
                "--org", "FILE", "--team", "backend", "/"), ExitCodes.USAGE));
        // Loopback, port 9 (discard): nothing listens, so the fetch fails at once without leaving the machine.
        all.add(Arguments.of("unreachable org", List.of("start", "--dry-run", "--org", "https://127.0.0.1:9/org.yaml",
                "--team", "backend", "REPO"), ExitCodes.CONFIG));
        all.add(Arguments.of("workspace confirmed", List.of("start", "--dry-run", "--confirm-workspace", "--org", "FILE",
                "--team", "backend", "PLAIN"), ExitCodes.OK));
        all.add(Arguments.of("org baseline", List.of("config", "explain", "--org", "FILE"), ExitCodes.OK));
        all.add(Arguments.of("no docker", List.of("doctor"), ExitCodes.PREREQUISITE));
        all.add(Arguments.of("no docker", List.of("prune", "--yes"), ExitCodes.PREREQUISITE));
        all.add(Arguments.of("no session", List.of("network", "log"), ExitCodes.NOT_FOUND));
        all.add(Arguments.of("no docker", List.of("start", "--org", "FILE", "--team", "backend", "REPO"),
                ExitCodes.PREREQUISITE));
        all.add(Arguments.of("missing org file", List.of("org", "validate", "MISSING"), ExitCodes.NOT_FOUND));
        all.add(Arguments.of("unknown team", List.of("team", "switch", "nope", "--org", "FILE"), ExitCodes.NOT_FOUND));
        all.add(Arguments.of("unknown team", List.of("setup", "--yes", "--org", "FILE", "--team", "nope"),
                ExitCodes.NOT_FOUND));
        all.add(Arguments.of("missing org file", List.of("setup", "--yes", "--org", "MISSING"), ExitCodes.NOT_FOUND));
        all.add(Arguments.of("unknown provider", List.of("setup", "--yes", "--org", "FILE", "--team", "backend",
                "--provider", "no-such-agent"), ExitCodes.USAGE));
        all.add(Arguments.of("unknown team", List.of("unblock", "x@corp", "--reason", "r", "--org", "FILE", "--team",
                "nope"), ExitCodes.NOT_FOUND));
        return all.stream();
    }

    private static List<String> with(List<String> cmd, String... more) {
        List<String> l = new ArrayList<>(cmd);
        l.addAll(List.of(more));
        return l;
    }

    @ParameterizedTest(name = "{0}: scc {1} exits {2}")
    @MethodSource("situations")
    void theSameSituationExitsWithTheSameDocumentedCode(String situation, List<String> template, int expected) {
        Run r = scc(args(template.stream().map(a -> a.equals("ROOT") ? home.resolve("root").toString() : a).toList()));
        assertThat(r.exit()).as(situation + "\nstdout: " + r.out() + "\nstderr: " + r.err()).isEqualTo(expected);
        if (expected != ExitCodes.OK) {
            assertThat(r.err()).as("a failure says why on stderr").startsWith("scc: ");
        }
    }

    @ParameterizedTest(name = "{0}: scc {1} --json prints the envelope")
    @MethodSource("situations")
    void withJsonEveryOutcomeIsOneEnvelopeOnStdoutMatchingTheExitCode(String situation, List<String> template,
            int expected) throws IOException {
        List<String> withJson = new ArrayList<>(template.stream()
                .map(a -> a.equals("ROOT") ? home.resolve("root").toString() : a).toList());
        withJson.add("--json");
        Run r = scc(args(withJson));
        assertThat(r.exit()).as(situation + "\nstderr: " + r.err()).isEqualTo(expected);
        JsonNode env = JSON.readTree(r.out());
        assertThat(env.path("apiVersion").asText()).isEqualTo("scc.cli/v1");
        assertThat(env.path("kind").asText()).isNotBlank();
        assertThat(env.path("status").path("ok").asBoolean()).as(r.out()).isEqualTo(expected == ExitCodes.OK);
        JsonNode errors = env.path("status").path("errors");
        if (expected == ExitCodes.OK) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors).as(r.out()).isNotEmpty();
            assertThat(errors).allSatisfy(e -> {
                assertThat(e.path("code").isTextual()).isTrue();
                assertThat(e.path("message").asText()).isNotBlank();
                assertThat(e.path("fix").isTextual()).isTrue();
            });
            assertThat(errors.get(0).path("code").asText()).isEqualTo(ExitCodes.name(expected));
        }
    }

    @Test
    void doctorJsonIsNotOkWhenAChecksFails() throws IOException {
        Run r = scc("doctor", "--json");
        JsonNode env = JSON.readTree(r.out());
        assertThat(r.exit()).isEqualTo(ExitCodes.PREREQUISITE);
        assertThat(env.path("status").path("ok").asBoolean()).isFalse();
        assertThat(env.path("status").path("errors").findValuesAsText("fix")).anyMatch(f -> f.contains("DOCKER_HOST"));
    }
}

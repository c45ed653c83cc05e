package dev.scc.cli.ux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --verbose} logs what a command does on stderr (SLF4J), and nothing without it. Run in a JVM of its own:
 * slf4j-simple reads its level once per JVM, as the CLI does.
 */
class VerboseLoggingTest {
    @TempDir Path home;

    private record Result(int exit, String out, String err) {}

    private Result scc(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.scc.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        pb.environment().clear();
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("DOCKER_HOST", "unix://" + home.resolve("no-docker.sock"));
        pb.redirectOutput(home.resolve("out.txt").toFile()).redirectError(home.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(home.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private Path org() throws IOException {
        Path org = home.resolve("org.yaml");
        Files.writeString(org, """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                profiles:
                  backend: {}
                """);
        return org;
    }

    @Test
    void verboseLogsTheCommandAndHowThePolicyWasResolved() throws Exception {
        Result r = scc("--verbose", "config", "explain", "--org", org().toString(), "--team", "backend", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("running 'scc config explain' in " + home, "org source " + home.resolve("org.yaml")
                + " (--org)", "team backend (--team)", "merged: posture");
        assertThat(r.out()).startsWith("{").contains("\"ConfigExplain\"");
    }

    @Test
    void verboseStartLogsEachStepLedByTheMillisecondsSinceLoggingBegan() throws Exception {
        Files.createDirectories(home.resolve("ws/.git"));
        Result r = scc("--verbose", "start", "--dry-run", "--org", org().toString(), "--team", "backend",
                home.resolve("ws").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("the JVM started", "start: policy resolved (org " + home.resolve("org.yaml")
                + ", team backend, provider claude)", "start: native files rendered");
        assertThat(r.err().lines().filter(l -> l.contains("DEBUG"))).isNotEmpty()
                .allMatch(l -> l.matches("\\d+ DEBUG .*"), "each line led by its milliseconds");
    }

    @Test
    void withoutVerboseNothingIsLogged() throws Exception {
        Result r = scc("config", "explain", "--org", org().toString(), "--team", "backend");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }
}

package dev.scc.cli.commands.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first-time user at a real terminal: the packaged {@code scc-cli.jar} runs in a tmux pseudo-terminal, this
 * test types answers the way a person would (waiting for each question), then reads the screen. Afterwards
 * {@code scc config explain} runs as a plain subprocess and shows the chosen team. Needs {@code tmux} and the
 * jar built by {@code package} (run with {@code -Pit}). The tmux server uses its own socket and is killed at
 * the end; nothing else is touched.
 */
class InteractiveSetupIT {
    private static final Path JAR = Path.of("target/scc-cli.jar").toAbsolutePath();
    private static final long WAIT_MS = 30_000;

    @TempDir Path dir;
    private final String socket = "scc-it-" + UUID.randomUUID().toString().substring(0, 8);
    private Path org;
    private Map<String, String> env;

    @BeforeEach
    void prepare() throws IOException {
        assertThat(JAR).as("the packaged CLI; run 'mvn -Pit verify' so package runs first").isRegularFile();
        org = Cli.writeOrg(dir);
        env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("DOCKER_HOST", "unix://" + dir.resolve("no-docker.sock"));
        env.put("TERM", "xterm-256color");
    }

    @AfterEach
    void killOurTmuxServer() throws Exception {
        run(List.of("tmux", "-L", socket, "kill-server"), false);
        // kill-server leaves its socket file behind.
        Files.deleteIfExists(Path.of(System.getenv().getOrDefault("TMUX_TMPDIR", "/tmp"), "tmux-" + uid(), socket));
    }

    private static String uid() throws Exception {
        return run(List.of("id", "-u"), true).out().strip();
    }

    @Test
    void aPersonAnswersTheQuestionsThenExplainShowsTheirTeam() throws Exception {
        startInTmux(Map.of("NO_COLOR", "1"), "setup");
        waitFor("How will you use SCC?");
        waitFor("Choose [organization]: ");
        keys("");
        waitFor("Organization config (file path or URL): ");
        keys(dir.resolve("missing.yaml").toString());
        waitFor("org config file not found: " + dir.resolve("missing.yaml") + "; try again.");
        keys(org.toString());
        waitFor("Which team are you on?");
        String teams = waitFor("  2) frontend  Web apps");
        assertThat(teams).contains("  1) backend  Java services");
        keys("ops");
        waitFor("'ops' is not one of: backend, frontend; try again.");
        keys("1");
        waitFor("Which coding agent do you want by default?");
        waitFor("Choose [ask]: ");
        keys("codex");
        waitFor("Save these settings? [Y/n] ");
        keys("");
        String screen = waitFor("[exit 0]");
        assertThat(screen).contains("Saved " + dir.resolve("config/scc/config.json"), "Organization: Acme (" + org + ")",
                "Team:         backend", "Provider:     codex  (allowed: claude, codex)", "Readiness",
                "WARN docker: no Docker socket", "Next: scc config explain");
        assertThat(colouredScreen()).as("NO_COLOR is set: no ANSI styles").doesNotContain("\u001b[1m", "\u001b[32m", "\u001b[33m");

        JsonNode cfg = new ObjectMapper().readTree(Files.readString(dir.resolve("config/scc/config.json")));
        assertThat(cfg.path("selected_profile").asText()).isEqualTo("backend");
        assertThat(cfg.path("selected_provider").asText()).isEqualTo("codex");

        Proc explain = java("config", "explain");
        assertThat(explain.exit()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("Organization: Acme (acme)", "Team:         backend", "lint@corp  (from team.backend)")
                .doesNotContain("\u001b[");
        Proc json = java("config", "explain", "--json");
        assertThat(new ObjectMapper().readTree(json.out()).path("data").path("effective").path("plugins").toString())
                .isEqualTo("[\"base@corp\",\"lint@corp\"]");
    }

    @Test
    void onATerminalWithoutNoColorHeadingsAreStyled() throws Exception {
        startInTmux(Map.of(), "setup", "--org", org.toString(), "--team", "frontend");
        waitFor("Save these settings? [Y/n] ");
        keys("y");
        waitFor("[exit 0]");
        assertThat(colouredScreen()).contains("\u001b[1mSummary", "\u001b[32mSaved");
    }

    @Test
    void theNoColorFlagKeepsATerminalPlain() throws Exception {
        startInTmux(Map.of(), "--no-color", "setup", "--org", org.toString(), "--team", "frontend", "--yes");
        waitFor("[exit 0]");
        assertThat(colouredScreen()).contains("Saved").doesNotContain("\u001b[1m", "\u001b[32m");
    }

    @Test
    void ctrlDAtAQuestionCancelsWith130AndWritesNothing() throws Exception {
        startInTmux(Map.of("NO_COLOR", "1"), "setup");
        waitFor("Choose [organization]: ");
        run(List.of("tmux", "-L", socket, "send-keys", "-t", "scc", "C-d"), true);
        String screen = waitFor("[exit 130]");
        assertThat(screen).contains("scc: cancelled; nothing was changed");
        assertThat(dir.resolve("config/scc/config.json")).doesNotExist();
    }

    @Test
    void withoutATerminalSetupNeverPromptsAndNamesTheMissingFlag() throws Exception {
        Proc p = java("setup");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).isEqualTo("scc: --org SOURCE (a file path or URL) or --standalone is required\n");
        assertThat(p.out()).isEmpty();
        Proc scripted = java("setup", "--org", org.toString(), "--team", "frontend", "--json");
        assertThat(scripted.exit()).as(scripted.err()).isZero();
        assertThat(new ObjectMapper().readTree(scripted.out()).path("data").path("provider").asText()).isEqualTo("claude");
    }

    @Test
    void verboseLogsDebugLinesOnStderrOnlyWhenAsked() throws Exception {
        Proc quiet = java("setup", "--org", org.toString(), "--team", "backend", "--yes");
        assertThat(quiet.exit()).as(quiet.err()).isZero();
        assertThat(quiet.err()).isEmpty();
        Proc verbose = java("--verbose", "setup", "--org", org.toString(), "--team", "backend", "--yes");
        assertThat(verbose.exit()).as(verbose.err()).isZero();
        assertThat(verbose.err()).contains("DEBUG SetupFlow - loading org config " + org, "DEBUG UserConfigStore - writing");
        assertThat(verbose.out()).doesNotContain("DEBUG");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void startInTmux(Map<String, String> extraEnv, String... args) throws Exception {
        StringBuilder cmd = new StringBuilder("env -i");
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(extraEnv);
        all.forEach((k, v) -> cmd.append(' ').append(k).append('=').append(sh(v)));
        cmd.append(" java -Duser.home=").append(sh(dir.toString())).append(" -jar ").append(sh(JAR.toString()));
        for (String a : args) {
            cmd.append(' ').append(sh(a));
        }
        // Keep the pane after exit so the last screen and the exit code can be read.
        cmd.append("; echo \"[exit $?]\"; sleep 600");
        run(List.of("tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "scc", "-x", "200", "-y", "60",
                "sh", "-c", cmd.toString()), true);
    }

    private void keys(String text) throws Exception {
        if (!text.isEmpty()) {
            run(List.of("tmux", "-L", socket, "send-keys", "-t", "scc", "-l", text), true);
        }
        run(List.of("tmux", "-L", socket, "send-keys", "-t", "scc", "Enter"), true);
    }

    /** Polls the screen until {@code text} is on it; returns the screen. tmux drops trailing blanks, so they are ignored. */
    private String waitFor(String wanted) throws Exception {
        String text = wanted.stripTrailing();
        long deadline = System.currentTimeMillis() + WAIT_MS;
        String screen = "";
        while (System.currentTimeMillis() < deadline) {
            screen = run(List.of("tmux", "-L", socket, "capture-pane", "-p", "-t", "scc", "-S", "-200"), true).out();
            if (screen.contains(text)) {
                return screen;
            }
            Thread.sleep(100);
        }
        return fail("'" + text + "' did not appear within " + WAIT_MS + " ms. Screen:\n" + screen);
    }

    private String colouredScreen() throws Exception {
        return run(List.of("tmux", "-L", socket, "capture-pane", "-p", "-e", "-t", "scc", "-S", "-200"), true).out();
    }

    private Proc java(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + dir, "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        return finish(pb.start(), true);
    }

    private static Proc run(List<String> cmd, boolean check) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            return fail(cmd.get(0) + " is needed for this test (apt-get install tmux): " + e.getMessage());
        }
        Proc r = finish(p, false);
        if (check && r.exit() != 0) {
            fail(String.join(" ", cmd) + " failed: " + r.err());
        }
        return r;
    }

    private static Proc finish(Process p, boolean javaProcess) throws Exception {
        p.getOutputStream().close();
        // Outputs are small; read after exit is safe for these commands.
        if (!p.waitFor(javaProcess ? 60 : 10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + p.info().commandLine().orElse("?"));
        }
        return new Proc(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String sh(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private record Proc(int exit, String out, String err) {}
}

package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Governed skills reach the sandbox with their real files: {@code scc start --dry-run} lists them (no engine
 * needed), {@code scc render} writes them, and a skill that cannot be materialised stops the launch. The git source
 * is a real repository in a temp directory, cloned over {@code file://}.
 */
class GovernedSkillsTest {
    @TempDir Path home;
    private Path org;
    private Path ws;
    private Path origin;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void files() throws Exception {
        origin = home.resolve("origin");
        Files.createDirectories(origin.resolve("skills/review/scripts"));
        Files.writeString(origin.resolve("skills/review/SKILL.md"),
                "---\nname: review\ndescription: Reviews diffs.\n---\n\nRead the diff, then comment.\n");
        Path script = origin.resolve("skills/review/scripts/run.sh");
        Files.writeString(script, "#!/bin/sh\necho review\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        git(origin, "init", "-q", "-b", "main");
        git(origin, "-c", "user.email=t@example.invalid", "-c", "user.name=t", "add", "-A");
        git(origin, "-c", "user.email=t@example.invalid", "-c", "user.name=t", "commit", "-q", "-m", "review");
        Files.createDirectories(home.resolve("org/skills/lint"));
        Files.writeString(home.resolve("org/skills/lint/SKILL.md"), "---\nname: lint\ndescription: Lints.\n---\nLint.\n");
        org = home.resolve("org/org.yaml");
        writeOrg("main");
        ws = Files.createDirectories(home.resolve("ws"));
        Files.createDirectories(ws.resolve(".git")); // a repository: scc start refuses a plain directory
    }

    private void writeOrg(String ref) throws IOException {
        String url = origin.toUri().toString().replaceFirst("^file:/+", "file:///");
        Files.writeString(org, """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                profiles:
                  dev: {enabled_bundles: [core]}
                governed_artifacts:
                  artifacts:
                    review: {kind: skill, source_type: git, source_url: "%s", source_path: skills/review, source_ref: %s}
                    lint: {kind: skill, source_type: local, source_path: skills/lint}
                    plain: {kind: skill}
                  bundles:
                    core: {artifacts: [review, lint, plain]}
                """.formatted(url, ref));
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(o).isZero();
    }

    private int scc(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("DOCKER_HOST", "unix://" + home.resolve("no-docker.sock"));
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        CliServices services = new CliServices(env, home, Clock.systemUTC());
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
    }

    /** Fetches the skills into the cache the way a user does before a launch: a render (or a launch). */
    private void fillCache() {
        assertThat(scc("render", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--root",
                home.resolve("filled").toString())).as(err.toString()).isZero();
        out.getBuffer().setLength(0);
    }

    @Test
    void dryRunClonesNothingAndSaysWhichSkillsTheLaunchWouldFetch() {
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--dry-run",
                ws.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("would fetch first", "artifact:core/review: ");
        assertThat(home.resolve(".cache/scc/skills")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(p.toFile().list()).isEmpty());
    }

    @Test
    void dryRunListsEveryFileOfEachMaterialisedSkillInsteadOfTheStub() throws IOException {
        fillCache();
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--dry-run", "--json",
                ws.toString())).as(err.toString()).isZero();
        JsonNode files = new ObjectMapper().readTree(out.toString()).path("data").path("rendered_files");
        Map<String, String> modes = new HashMap<>();
        files.forEach(f -> modes.put(f.path("path").asText(), f.path("mode").asText()));
        assertThat(modes).containsEntry("/home/agent/.claude/skills/review/SKILL.md", "0644")
                .containsEntry("/home/agent/.claude/skills/review/scripts/run.sh", "0755")
                .containsEntry("/home/agent/.claude/skills/lint/SKILL.md", "0644")
                // a skill without a source keeps its stub
                .containsKey("/home/agent/.claude/skills/plain/SKILL.md");
        assertThat(modes.keySet().stream().filter(p -> p.startsWith("/home/agent/.claude/skills/")))
                .hasSize(4);
    }

    @Test
    void codexGetsTheSameSkillUnderItsOwnSkillDirectory() {
        fillCache();
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "codex", "--dry-run",
                ws.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("/home/agent/.agents/skills/review/scripts/run.sh  0755",
                "/home/agent/.agents/skills/lint/SKILL.md");
    }

    @Test
    void renderWritesTheRealSkillContents() throws IOException {
        Path root = home.resolve("root");
        assertThat(scc("render", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--root",
                root.toString())).as(err.toString()).isZero();
        assertThat(Files.readString(root.resolve("home/agent/.claude/skills/review/SKILL.md")))
                .contains("Read the diff, then comment.");
        assertThat(Files.readString(root.resolve("home/agent/.claude/skills/review/scripts/run.sh")))
                .contains("echo review");
        assertThat(Files.readString(root.resolve("home/agent/.claude/skills/lint/SKILL.md"))).contains("Lint.");
        assertThat(Files.readString(root.resolve("home/agent/.claude/skills/plain/SKILL.md")))
                .contains("Governed by SCC");
    }

    @Test
    void aSkillThatCannotBeFetchedStopsTheLaunchNamingArtifactSourceAndReason() throws IOException {
        writeOrg("no-such-branch");
        assertThat(scc("render", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--root",
                home.resolve("r").toString())).isEqualTo(3);
        assertThat(err.toString()).contains("governed skill artifact:core/review", "no-such-branch", "cannot clone");
        assertThat(home.resolve("r")).doesNotExist();
    }

    @Test
    void offlineLaunchesUseTheSkillCacheAndFailClosedWithoutIt() {
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--offline",
                "--dry-run", ws.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("artifact:core/review", "offline and not in the skill cache");
        fillCache();
        assertThat(scc("start", "--org", org.toString(), "--team", "dev", "--provider", "claude", "--offline",
                "--dry-run", ws.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("/home/agent/.claude/skills/review/scripts/run.sh");
    }
}

package dev.scc.app.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import dev.scc.testkit.NativeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned real {@code codex} (offline, see {@link NativeCli}) sees a governed skill with the contents SCC cloned
 * from its git source, not the stub: {@code scc render} materialises it from a {@code file://} repository and
 * {@code codex debug prompt-input} shows the skill's own description to the model.
 */
class GovernedSkillCodexIT {
    @TempDir Path home;
    @TempDir Path repo;

    private static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.email=t@example.invalid", "-c", "user.name=t"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(o).isZero();
    }

    @Test
    void codexListsTheMaterialisedSkillWithItsOwnDescription() throws Exception {
        Path origin = Files.createDirectories(home.resolve("origin/skills/review"));
        Files.writeString(origin.resolve("SKILL.md"), "---\nname: review\ndescription: Checks diffs against the "
                + "team checklist in references/checklist.md.\n---\n\nOpen references/checklist.md first.\n");
        Files.createDirectories(origin.resolve("references"));
        Files.writeString(origin.resolve("references/checklist.md"), "- tests pass\n");
        Path originRoot = home.resolve("origin");
        git(originRoot, "init", "-q", "-b", "main");
        git(originRoot, "add", "-A");
        git(originRoot, "commit", "-q", "-m", "skill");
        Path org = home.resolve("org.yaml");
        Files.writeString(org, """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                profiles:
                  dev: {enabled_bundles: [core]}
                governed_artifacts:
                  artifacts:
                    review: {kind: skill, source_type: git, source_url: "%s", source_path: skills/review, source_ref: main}
                  bundles:
                    core: {artifacts: [review]}
                """.formatted(originRoot.toUri().toString().replaceFirst("^file:/+", "file:///")));
        Path root = home.resolve("root");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliServices services = new CliServices(Map.of("HOME", home.toString()), home, Clock.systemUTC());
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, "render", "--org",
                org.toString(), "--team", "dev", "--provider", "codex", "--root", root.toString()))
                .as(out + "\n" + err).isZero();
        assertThat(root.resolve("home/agent/.agents/skills/review/references/checklist.md")).exists();

        NativeCli.Result r = NativeCli.run(root, repo, root.resolve("home/agent"), Map.of(), "codex", "debug",
                "prompt-input", "hello");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("Checks diffs against the team checklist in references/checklist.md.")
                .doesNotContain("Governed skill 'review' from SCC bundle");
    }
}

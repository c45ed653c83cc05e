package dev.scc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.runtime.RuntimeBackendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {
    @TempDir Path tmp;
    final FakeEngine engine = new FakeEngine();

    private ImageBuilder builder(List<String> blocked) {
        DockerBackendConfig cfg = DockerBackendConfig.fromEnvironment(Map.of("HOME", tmp.toString()))
                .withBlockedBaseImages(new BlockedBaseImages(blocked));
        return new ImageBuilder(new DockerRuntimeBackend(cfg, () -> engine, () -> "x", Clock.systemUTC()));
    }

    private static Path images() {
        return DockerTestSupport.repoRoot().resolve("images");
    }

    @Test
    void buildsBaseThenAgentsThenProxyWithProgressAndTheBaseImageArgument() {
        List<String> progress = new ArrayList<>();
        List<String> built = builder(List.of()).build(new ImageBuilder.Options(images(), "debian:bookworm-slim", true,
                Optional.empty(), "w", "i", false, false), List.of("claude", "codex"), true, progress::add);
        String v = ImageNames.VERSION;
        assertThat(built).containsExactly("scc-base:" + v, "scc-agent-claude:" + v, "scc-agent-codex:" + v,
                "scc-egress-proxy:" + v);
        assertThat(engine.calls.get(0)).startsWith("build scc-base:" + v).contains("BASE_IMAGE=debian:bookworm-slim")
                .contains("SCC_SAFETY=absent");
        assertThat(engine.calls.get(1)).contains("AGENT_INSTALL=npm").contains("BASE=scc-base:" + v);
        assertThat(progress).contains("==> scc-base:" + v + " (from debian:bookworm-slim)",
                "Step 1/1 : FROM debian:bookworm-slim");
    }

    @Test
    void theProgramsToWrapGoToSccBaseAsABuildArgumentAndChangeItsDigestButNoneLeavesTheDigestAsBefore() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("images"));
        for (String d : List.of("scc-base", "scc-agent-claude", "scc-egress-proxy")) {
            DockerTestSupport.copyTree(images().resolve(d), copy.resolve(d));
        }
        ImageBuilder.Options none = new ImageBuilder.Options(copy, "debian:bookworm-slim", true, Optional.empty(), "w",
                "i", false, false, List.of(), Optional.empty(), false);
        builder(List.of()).build(none, List.of("claude"), false, l -> { });
        assertThat(engine.calls.get(0)).doesNotContain("SCC_WRAP_PROGRAMS");
        String before = engine.images.get("scc-base:" + ImageNames.VERSION).labels().get(ImageNames.CONTENT_DIGEST_LABEL);
        engine.calls.clear();
        builder(List.of()).build(new ImageBuilder.Options(copy, "debian:bookworm-slim", true, Optional.empty(), "w", "i",
                false, false, List.of(), Optional.empty(), false, java.util.Set.of()), List.of("claude"), false, l -> { });
        assertThat(engine.calls).as("an empty set is the image of before: nothing rebuilt").isEmpty();

        ImageBuilder.Options psql = new ImageBuilder.Options(copy, "debian:bookworm-slim", true, Optional.empty(), "w",
                "i", false, false, List.of(), Optional.empty(), false, java.util.Set.of("psql", "gh"));
        builder(List.of()).build(psql, List.of("claude"), false, l -> { });
        // (a real engine then rebuilds the agent images too: their parent's id changes; the fake's ids are the tags)
        assertThat(engine.calls).as("another org's rules: scc-base rebuilt").isNotEmpty();
        assertThat(engine.calls.get(0)).startsWith("build scc-base:").contains("SCC_WRAP_PROGRAMS=gh psql");
        assertThat(engine.images.get("scc-base:" + ImageNames.VERSION).labels().get(ImageNames.CONTENT_DIGEST_LABEL))
                .isNotEqualTo(before);
        assertThat(Files.readString(copy.resolve("scc-base/Dockerfile")))
                .as("the Dockerfile declares what it wraps in the label the launch checks")
                .contains("ARG SCC_WRAP_PROGRAMS=")
                .contains(ImageNames.WRAPPED_PROGRAMS_LABEL + "=\"${SCC_WRAP_PROGRAMS}\"")
                .contains("SCC_WRAP_PROGRAMS=\"$SCC_WRAP_PROGRAMS\" sh \"$d/$SAFETY_INSTALL\"");
    }

    @Test
    void sccTagsItsOwnImagesWithItsVersionNeverLatestSoBlockingLatestNeverBlocksScc() {
        List<String> built = builder(List.of()).build(new ImageBuilder.Options(images(), "debian:bookworm-slim",
                true, Optional.empty(), "w", "i", false, false), List.of("claude"), true, l -> { });
        assertThat(ImageNames.VERSION).isNotEqualTo("latest").matches("[A-Za-z0-9_][A-Za-z0-9_.-]*");
        assertThat(built).isNotEmpty().noneMatch(t -> t.endsWith(":latest"));
        assertThat(engine.images.get("scc-agent-claude:" + ImageNames.VERSION).labels())
                .containsKey(ImageNames.CONTENT_DIGEST_LABEL);
    }

    @Test
    void anImageWhoseContentDigestMatchesItsInputsIsKeptAndAChangedInputRebuildsIt() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("images"));
        for (String d : List.of("scc-base", "scc-agent-claude", "scc-egress-proxy")) {
            DockerTestSupport.copyTree(images().resolve(d), copy.resolve(d));
        }
        ImageBuilder.Options o = new ImageBuilder.Options(copy, "debian:bookworm-slim", true, Optional.empty(), "w", "i",
                false, false);
        builder(List.of()).build(o, List.of("claude"), true, l -> { });
        engine.calls.clear();
        List<String> progress = new ArrayList<>();
        builder(List.of()).build(o, List.of("claude"), true, progress::add);
        assertThat(engine.calls).as("nothing changed: nothing built").isEmpty();
        assertThat(progress).anyMatch(l -> l.contains("scc-agent-claude:" + ImageNames.VERSION + " is up to date"));

        Files.writeString(copy.resolve("scc-agent-claude/Dockerfile"), "\n# changed\n",
                java.nio.file.StandardOpenOption.APPEND);
        builder(List.of()).build(o, List.of("claude"), true, l -> { });
        assertThat(engine.calls).singleElement().asString().startsWith("build scc-agent-claude:");
        engine.calls.clear();
        builder(List.of()).build(new ImageBuilder.Options(copy, "debian:bookworm-slim", true, Optional.empty(), "w",
                "i", false, false, List.of(), Optional.empty(), true), List.of("claude"), false, l -> { });
        assertThat(engine.calls).as("--rebuild").hasSize(2);
    }

    @Test
    void aBaseImageThatCannotBePulledNamesBaseImageAndCaCert() {
        engine.failOn = "build scc-base";
        assertThatThrownBy(() -> builder(List.of()).build(new ImageBuilder.Options(images(), "debian:bookworm-slim", true,
                Optional.empty(), "w", "i", false, false), List.of("claude"), true, l -> { }))
                .isInstanceOf(RuntimeBackendException.class)
                .hasMessageContaining("base image debian:bookworm-slim is not in the engine and could not be pulled")
                .satisfies(e -> assertThat(((RuntimeBackendException) e).fix()).contains("--base-image")
                        .contains("--ca-cert"));
    }

    @Test
    void aFailedStepOnAPresentBaseNamesCaCertAndTheRegistryMirror() {
        engine.images.put("debian:bookworm-slim", new dev.scc.runtime.docker.internal.Engine.ImageInfo("sha256:d",
                Map.of()));
        engine.failOn = "build scc-agent-claude";
        assertThatThrownBy(() -> builder(List.of()).build(new ImageBuilder.Options(images(), "debian:bookworm-slim", true,
                Optional.empty(), "w", "i", false, false), List.of("claude"), true, l -> { }))
                .satisfies(e -> assertThat(((RuntimeBackendException) e).fix()).contains("--ca-cert")
                        .contains("--npm-registry"));
    }

    @Test
    void blockedBaseImageIsRefusedBeforeAnyBuild() {
        assertThatThrownBy(() -> builder(List.of("debian:*")).build(new ImageBuilder.Options(images(),
                "Debian:Bookworm-Slim", true, Optional.empty(), "w", "i", false, false), List.of("claude"), true, l -> { }))
                .isInstanceOf(RuntimeBackendException.class).hasMessageContaining("blocked");
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void missingSafetyArtifactsFailBeforeAnyBuildAndNameTheFile() throws Exception {
        Path safety = Files.createDirectories(tmp.resolve("safety"));
        Files.writeString(safety.resolve("scc-safety-0.1.0.jar"), "jar");
        assertThatThrownBy(() -> builder(List.of()).build(ImageBuilder.Options.production(images(), "debian:bookworm-slim",
                safety), List.of("claude"), true, l -> { }))
                .hasMessageContaining("scc-safety-wrapper is missing");
        assertThat(engine.calls).isEmpty();
    }

    @Test
    void safetyArtifactsArePassedWithTheirNamesAsBuildArguments() throws Exception {
        Path safety = Files.createDirectories(tmp.resolve("safety"));
        Files.writeString(safety.resolve("scc-safety-0.1.0.jar"), "jar");
        Files.writeString(safety.resolve("scc-safety-0.1.0-sources.jar"), "src");
        Files.writeString(safety.resolve("wrap"), "bin");
        Files.writeString(safety.resolve("inst.sh"), "sh");
        builder(List.of()).build(new ImageBuilder.Options(images(), "debian:bookworm-slim", true, Optional.of(safety),
                "wrap", "inst.sh", false, false), List.of(), false, l -> { });
        assertThat(engine.calls).singleElement().asString().contains("SCC_SAFETY=required", "SAFETY_JAR=scc-safety.jar",
                "SAFETY_WRAPPER=wrap", "SAFETY_INSTALL=inst.sh");
    }
}

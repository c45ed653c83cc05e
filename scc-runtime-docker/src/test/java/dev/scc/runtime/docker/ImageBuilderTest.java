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
        assertThat(built).containsExactly("scc-base:latest", "scc-agent-claude:latest", "scc-agent-codex:latest",
                "scc-egress-proxy:latest");
        assertThat(engine.calls.get(0)).startsWith("build scc-base:latest").contains("BASE_IMAGE=debian:bookworm-slim")
                .contains("SCC_SAFETY=absent");
        assertThat(engine.calls.get(1)).contains("AGENT_INSTALL=npm").contains("BASE=scc-base:latest");
        assertThat(progress).contains("==> scc-base:latest (from debian:bookworm-slim)", "Step 1/1 : FROM debian:bookworm-slim");
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

package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.runtime.RuntimeBackendException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourcesTest {
    @TempDir Path tmp;


    static Path jar(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream o = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(o)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return file;
    }

    @Test
    void aBuiltCheckoutsSafetyJarCarriesTheWrapperAndItsInstallScript() throws IOException {
        Path jar = jar(tmp.resolve("scc-safety-1.0.jar"), Map.of("META-INF/scc-safety/scc-wrapper", "ELF",
                "META-INF/scc-safety/install-wrappers.sh", "#!/bin/sh", "dev/scc/X.class", "x"));
        Path staged = ImageSources.safety(Optional.empty(), "scc-wrapper", "install-wrappers.sh", Optional.of(jar),
                Files.createDirectories(tmp.resolve("scratch")));
        assertThat(staged.resolve("scc-safety.jar")).hasSameBinaryContentAs(jar);
        assertThat(staged.resolve("scc-wrapper")).hasContent("ELF");
        assertThat(staged.resolve("install-wrappers.sh")).hasContent("#!/bin/sh");
    }

    @Test
    void classesOfAReactorBuildFindTheirJarBesideThem() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("scc-safety/target"));
        Path classes = Files.createDirectories(target.resolve("classes"));
        jar(target.resolve("scc-safety-1.0.jar"), Map.of("META-INF/scc-safety/scc-wrapper", "ELF",
                "META-INF/scc-safety/install-wrappers.sh", "sh"));
        jar(target.resolve("scc-safety-1.0-sources.jar"), Map.of());
        Path staged = ImageSources.safety(Optional.empty(), "scc-wrapper", "install-wrappers.sh", Optional.of(classes),
                Files.createDirectories(tmp.resolve("scratch")));
        assertThat(staged.resolve("scc-wrapper")).hasContent("ELF");
    }

    @Test
    void aSafetyJarWithoutTheWrapperIsRefusedWithHowToBuildIt() throws IOException {
        Path jar = jar(tmp.resolve("scc-safety-0.9.jar"), Map.of("dev/scc/X.class", "x"));
        assertThatThrownBy(() -> ImageSources.safety(Optional.empty(), "scc-wrapper", "install-wrappers.sh",
                Optional.of(jar), Files.createDirectories(tmp.resolve("scratch"))))
                .isInstanceOf(RuntimeBackendException.class).hasMessageContaining("META-INF/scc-safety/scc-wrapper")
                .satisfies(e -> assertThat(((RuntimeBackendException) e).fix()).contains("--safety-dir"));
    }

    @Test
    void aSafetyDirectoryMayUseTheCheckoutsOwnLayout() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("safety/native"));
        jar(tmp.resolve("safety/scc-safety-1.0.jar"), Map.of());
        Files.writeString(dir.resolve("scc-wrapper"), "ELF");
        Files.writeString(tmp.resolve("safety/install-wrappers.sh"), "sh");
        Path staged = ImageSources.safety(Optional.of(tmp.resolve("safety")), "scc-wrapper", "install-wrappers.sh",
                Optional.empty(), Files.createDirectories(tmp.resolve("scratch")));
        assertThat(staged.resolve("scc-wrapper")).hasContent("ELF");
        assertThatThrownBy(() -> ImageSources.safety(Optional.of(tmp.resolve("nothing")), "w", "i", Optional.empty(),
                tmp)).hasMessageContaining("no scc-safety*.jar in");
    }

    @Test
    void aReleaseJarWithNoCheckoutAroundItBuildsFromTheDockerfilesItCarries() throws IOException {
        Path jar = jar(tmp.resolve("scc-cli.jar"), Map.of("dev/scc/cli/images/scc-base/Dockerfile", "FROM x",
                "dev/scc/cli/images/scc-agent-claude/Dockerfile", "FROM y"));
        Path images = ImageSources.images(Optional.empty(), Map.of(), tmp, Optional.of(jar),
                Files.createDirectories(tmp.resolve("scratch")));
        assertThat(images.resolve("scc-base/Dockerfile")).hasContent("FROM x");
        assertThat(images.resolve("scc-agent-claude/Dockerfile")).hasContent("FROM y");
    }

    @Test
    void anImagesDirectoryWithoutAnAgentsRecipeIsCompletedFromTheProvidersJar() throws IOException {
        Path images = Files.createDirectories(tmp.resolve("only-base/images"));
        Files.createDirectories(images.resolve("scc-base"));
        Files.writeString(images.resolve("scc-base/Dockerfile"), "FROM debian");
        dev.scc.core.spi.AgentProvider claude = dev.scc.core.spi.AgentProviderRegistry.load().get("claude");

        Path staged = ImageSources.withAgentRecipes(images, List.of(claude), tmp.resolve("scratch"));

        assertThat(staged).isNotEqualTo(images);
        assertThat(staged.resolve("scc-base/Dockerfile")).hasContent("FROM debian");
        assertThat(staged.resolve("scc-agent-claude/Dockerfile")).content().contains("scc.provider=claude");
        assertThat(staged.resolve("scc-agent-claude/stub-agent.sh")).isRegularFile();
        assertThat(images.resolve("scc-agent-claude")).doesNotExist(); // the source directory is left alone
    }

    @Test
    void anImagesDirectoryWithEveryAgentsRecipeIsUsedAsItIs() throws IOException {
        Path images = Files.createDirectories(tmp.resolve("full/images/scc-agent-codex"));
        Files.writeString(images.resolve("Dockerfile"), "FROM mine");
        dev.scc.core.spi.AgentProvider codex = dev.scc.core.spi.AgentProviderRegistry.load().get("codex");

        assertThat(ImageSources.withAgentRecipes(images.getParent(), List.of(codex), tmp.resolve("scratch")))
                .isEqualTo(images.getParent());
    }

    @Test
    void aCheckoutsOwnImagesWinAndTheFlagAndEnvironmentWinOverThem() throws IOException {
        Path jar = dev.scc.cli.RealParts.repoRoot().resolve("scc-cli/target/scc-cli.jar");
        assertThat(ImageSources.images(Optional.empty(), Map.of(), tmp, Optional.of(jar), tmp))
                .isEqualTo(dev.scc.cli.RealParts.repoRoot().resolve("images"));
        assertThat(ImageSources.images(Optional.of(Path.of("mine")), Map.of("SCC_IMAGES_DIR", "/env"), tmp,
                Optional.of(jar), tmp)).isEqualTo(tmp.resolve("mine"));
        assertThat(ImageSources.images(Optional.empty(), Map.of("SCC_IMAGES_DIR", "/env"), tmp, Optional.of(jar), tmp))
                .isEqualTo(Path.of("/env"));
        assertThatThrownBy(() -> ImageSources.images(Optional.empty(), Map.of(), tmp, Optional.empty(), tmp))
                .hasMessageContaining("no images/ directory");
    }

    @Test
    void theAgentImagesPinTheSameCliVersionsAsTheCiClients() throws IOException {
        String clients = Files.readString(dev.scc.cli.RealParts.repoRoot().resolve(".ci/clients.sh"));
        for (String[] p : new String[][] {{"claude", "CLAUDE_CODE_VERSION"}, {"codex", "CODEX_VERSION"}}) {
            String dockerfile = Files.readString(dev.scc.cli.RealParts.repoRoot().resolve("images/scc-agent-" + p[0] + "/Dockerfile"));
            Matcher inImage = Pattern.compile("ARG " + p[1] + "=(\\S+)").matcher(dockerfile);
            Matcher inCi = Pattern.compile(p[1] + "=\"([^\"]+)\"").matcher(clients);
            assertThat(inImage.find()).as(p[0] + " Dockerfile pins " + p[1]).isTrue();
            assertThat(inCi.find()).isTrue();
            assertThat(inImage.group(1)).as(p[0]).isEqualTo(inCi.group(1)).matches("[0-9]+\\.[0-9]+\\.[0-9]+");
        }
    }
}

package dev.scc.cli.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.cli.RealParts;
import dev.scc.core.spi.AgentProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin author's path, end to end: a provider module written outside SCC's build
 * ({@code src/test/resources/out-of-tree-provider/module}: a renderer and a provider for a made-up "tiny-agent")
 * is built with Maven against SCC's BOM, with no network (every repository mirrored to a {@code file:} URL); its jar beside the CLI jar makes {@code scc render --provider
 * tiny-agent} render its files, and without it the CLI names the providers it has.
 *
 * <p>The module resolves {@code dev.scc} artifacts from a private local repository the test fills with this
 * build's BOM, parent and scc-core (never the shared {@code ~/.m2}, which may hold another build's snapshots), and
 * Maven's plugins from the machine's Maven cache, read through a {@code file:} mirror: no network is used.
 */
class OutOfTreeProviderIT {
    private static final Path FIXTURE = Path.of("src/test/resources/out-of-tree-provider").toAbsolutePath();
    private static final String VERSION = "0.1.0-SNAPSHOT";
    @TempDir static Path work;
    private static Path repo;
    private static Path settings;
    private static Path providerJar;

    record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + "\n" + stderr;
        }
    }

    static Run run(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish within 300 s");
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    private static String drain(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> mvn(String... args) {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repo));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** This build's jar of the module holding {@code type} (the reactor's target/, or the jar Maven resolved). */
    private static Path jarOf(Class<?> type) throws Exception {
        Path p = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(p)) {
            p = Files.list(p.getParent()).filter(f -> f.getFileName().toString().endsWith(".jar")
                    && !f.getFileName().toString().contains("-tests")).findFirst().orElseThrow(() -> new AssertionError(
                            "no jar beside " + type.getProtectionDomain().getCodeSource().getLocation()));
        }
        return p;
    }

    @BeforeAll
    static void buildTheModuleOutOfTreeAgainstTheBom() throws Exception {
        Path root = RealParts.repoRoot();
        repo = Files.createDirectories(work.resolve("repo"));
        Path cache = Path.of(System.getProperty("user.home"), ".m2", "repository");
        settings = work.resolve("settings.xml");
        Files.writeString(settings, "<settings><mirrors><mirror><id>machine-cache</id><mirrorOf>*</mirrorOf><url>"
                + cache.toUri() + "</url></mirror></mirrors></settings>\n");
        // The BOM and the parent are poms; scc-core is a jar with its pom (whose parent is scc-parent), and so is
        // scc-safety, which scc-core depends on (the rule model lives in the dependency-free safety jar).
        for (String[] a : new String[][] {{"pom.xml", "pom.xml"}, {"scc-bom/pom.xml", "scc-bom/pom.xml"},
                {jarOf(dev.scc.safety.SafetyEngine.class).toString(), "scc-safety/pom.xml"},
                {jarOf(AgentProvider.class).toString(), "scc-core/pom.xml"}}) {
            Path file = Path.of(a[0]).isAbsolute() ? Path.of(a[0]) : root.resolve(a[0]);
            Run r = run(work, mvn("org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file",
                    "-Dfile=" + file, "-DpomFile=" + root.resolve(a[1])));
            assertThat(r.exitCode()).as("installing " + a[1] + " into the private repository: " + r.all()).isZero();
        }
        Path module = work.resolve("module");
        copyTree(FIXTURE.resolve("module"), module);
        // No -o: Maven's offline mode refuses even a file: repository. The mirror of every repository is that file:
        // URL, so nothing can be fetched from the network either way.
        Run build = run(module, mvn("-Dscc.version=" + VERSION, "package"));
        assertThat(build.exitCode()).as("the out-of-tree build: " + build.all()).isZero();
        providerJar = module.resolve("target/tiny-agent-provider-1.0.0.jar");
        assertThat(providerJar).isRegularFile();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }

    /** {@code scc} from the CLI jar and its lib/, plus {@code extra} on the class path. */
    private static Run scc(List<Path> extra, String... args) throws Exception {
        Path cli = RealParts.repoRoot().resolve("scc-cli/target");
        StringBuilder cp = new StringBuilder(cli.resolve("scc-cli.jar").toString());
        try (Stream<Path> lib = Files.list(cli.resolve("lib"))) {
            lib.sorted().forEach(j -> cp.append(':').append(j));
        }
        extra.forEach(j -> cp.append(':').append(j));
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                cp.toString(), "dev.scc.cli.Main"));
        cmd.addAll(List.of(args));
        return run(work, cmd);
    }

    @Test
    void theOutOfTreeProviderRendersThroughTheCliJar() throws Exception {
        Path root = work.resolve("render");
        Run r = scc(List.of(providerJar), "render", "--org", FIXTURE.resolve("org.json").toString(), "--team",
                "default", "--provider", "tiny-agent", "--root", root.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        String config = Files.readString(root.resolve("etc/tiny-agent/config.txt"));
        assertThat(config).contains("hook /usr/lib/scc/bin/scc-hook tiny-agent", "mcp docs").doesNotContain("evil");
        assertThat(r.stdout()).contains("etc/tiny-agent/config.txt");
    }

    @Test
    void withoutItsJarTheCliRefusesTheIdAndNamesTheInstalledProviders() throws Exception {
        Run r = scc(List.of(), "render", "--org", FIXTURE.resolve("org.json").toString(), "--team", "default",
                "--provider", "tiny-agent", "--root", work.resolve("nothing").toString());
        assertThat(r.exitCode()).as(r.all()).isNotZero();
        assertThat(r.stderr()).contains("tiny-agent", "claude", "codex", "gemini");
        assertThat(work.resolve("nothing/etc")).doesNotExist();
    }
}

package dev.scc.cli.commands.runtime;

import dev.scc.runtime.docker.DockerRuntimeBackend;
import dev.scc.runtime.docker.ImageBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scc image build}: builds scc-base, the agent images and the egress proxy through the engine API. */
@Command(name = "image", mixinStandardHelpOptions = true, description = "SCC images.",
        subcommands = ImageCommand.Build.class)
public final class ImageCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Build scc-base, scc-agent-<provider> and scc-egress-proxy, showing build progress.")
    public static final class Build implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--provider", description = "Agent image(s) to build (default: claude and codex).")
        List<String> providers = new ArrayList<>();

        @Option(names = "--base-image", defaultValue = "debian:bookworm-slim",
                description = "Base of scc-base and the proxy (default: ${DEFAULT-VALUE}); checked against blocked_base_images.")
        String baseImage;

        @Option(names = "--images-dir", description = "The images/ directory (default: SCC_IMAGES_DIR or the checkout's).")
        Path imagesDir;

        @Option(names = "--safety-dir", description = "Where the scc-safety artifacts are (default: scc-safety/target).")
        Path safetyDir;

        @Option(names = "--safety-wrapper", defaultValue = "scc-safety-wrapper", description = "Wrapper binary file name.")
        String safetyWrapper;

        @Option(names = "--safety-install", defaultValue = "install-wrappers.sh", description = "Install script file name.")
        String safetyInstall;

        @Option(names = "--ca-cert", paramLabel = "PEM",
                description = "Extra CA certificate the images trust (TLS-intercepting networks); repeatable.")
        List<Path> caCerts = new ArrayList<>();

        @Option(names = "--no-proxy-image", description = "Skip scc-egress-proxy.")
        boolean noProxy;

        @Option(names = "--offline-test-images", hidden = true,
                description = "Base already has the packages; stub agents; no safety; no network (CI only).")
        boolean offlineTest;

        private final Supplier<DockerRuntimeBackend> backends;
        private final java.util.Map<String, String> env;
        private final Path workingDir;

        public Build(dev.scc.cli.CliServices services) {
            this(RuntimeCli.defaultBackend(services), services.env(), services.workingDir());
        }

        Build(Supplier<DockerRuntimeBackend> backends) {
            this(backends, System.getenv(), Path.of("").toAbsolutePath());
        }

        private Build(Supplier<DockerRuntimeBackend> backends, java.util.Map<String, String> env, Path workingDir) {
            this.backends = backends;
            this.env = env;
            this.workingDir = workingDir;
        }

        /** {@code $SCC_IMAGES_DIR}'s parent, else the checkout holding this jar, else the working directory. */
        static Path checkoutRoot(java.util.Map<String, String> env, Path workingDir) {
            String dir = env.get("SCC_IMAGES_DIR");
            if (dir != null && !dir.isBlank()) {
                return workingDir.resolve(dir).getParent();
            }
            try {
                Path jar = Path.of(ImageCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                for (Path p = jar; p != null; p = p.getParent()) {
                    if (Files.isDirectory(p.resolve("images/scc-base"))) {
                        return p;
                    }
                }
            } catch (Exception e) {
                // fall through to the working directory
            }
            return workingDir;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path root = checkoutRoot(env, workingDir);
            Path images = imagesDir != null ? imagesDir : root.resolve("images");
            List<String> ps = providers.isEmpty() ? List.of("claude", "codex") : providers;
            ImageBuilder.Options o = offlineTest
                    ? new ImageBuilder.Options(images, baseImage, false, Optional.empty(), safetyWrapper, safetyInstall,
                            true, true, caCerts)
                    : new ImageBuilder.Options(images, baseImage, true,
                            Optional.of(safetyDir != null ? safetyDir : root.resolve("scc-safety/target")),
                            safetyWrapper, safetyInstall, false, false, caCerts);
            List<String> built = RuntimeCli.with(backends, b -> new ImageBuilder(b).build(o, ps, !noProxy, line -> {
                out.println(line);
                out.flush();
            }));
            out.println("built " + String.join(", ", built));
            out.flush();
            return 0;
        }
    }
}

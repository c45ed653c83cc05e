package dev.scc.cli.commands.runtime;

import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.runtime.SandboxImages;
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

        @Option(names = "--provider", description = "Agent image(s) to build (default: every installed provider).")
        List<String> providers = new ArrayList<>();

        @Option(names = "--base-image", defaultValue = "debian:bookworm-slim", paramLabel = "IMAGE",
                description = {"Base of scc-base and the proxy (default: ${DEFAULT-VALUE}); a local image works "
                        + "(an air-gapped site's mirror): only packages it lacks are installed. Checked against "
                        + "blocked_base_images."})
        String baseImage;

        @Option(names = "--images-dir", description = "The images/ directory (default: SCC_IMAGES_DIR, the checkout's, "
                + "else the copy inside the CLI's jar).")
        Path imagesDir;

        @Option(names = "--safety-dir", description = "A directory with scc-safety*.jar, the wrapper and its install "
                + "script (default: the scc-safety jar beside the CLI, which carries them).")
        Path safetyDir;

        @Option(names = "--safety-wrapper", defaultValue = "scc-wrapper", description = "With --safety-dir: the "
                + "wrapper binary's file name (default: ${DEFAULT-VALUE}).")
        String safetyWrapper;

        @Option(names = "--safety-install", defaultValue = "install-wrappers.sh", description = "With --safety-dir: "
                + "the install script's file name (default: ${DEFAULT-VALUE}).")
        String safetyInstall;

        @Option(names = "--ca-cert", paramLabel = "PEM", description = "Extra CA certificate the images trust "
                + "(TLS-intercepting networks); repeatable. Default: the files SCC_CA_CERTS lists (':'-separated).")
        List<Path> caCerts = new ArrayList<>();

        @Option(names = "--npm-registry", paramLabel = "URL",
                description = "npm registry (a mirror) the agent CLIs are installed from (default: the public one).")
        String npmRegistry;

        @Option(names = "--rebuild", description = "Build even images whose content digest says they are up to date.")
        boolean rebuild;

        @Option(names = "--no-proxy-image", description = "Skip scc-egress-proxy.")
        boolean noProxy;

        @CommandLine.Mixin
        dev.scc.cli.output.OrgOption orgOption;

        @Option(names = "--team", description = {"Team whose delegated command rules count (default: the team chosen "
                + "with 'scc setup' or 'scc team switch'). The programs the org's and team's command rules name are "
                + "wrapped in scc-base and listed in its label; 'scc start' refuses an image built for other rules."})
        String team;

        private final Supplier<? extends RuntimeBackend> backends;
        private final java.util.Map<String, String> env;
        private final Path workingDir;
        private final Supplier<dev.scc.core.spi.AgentProviderRegistry> installed;
        private Optional<dev.scc.cli.CliServices> services = Optional.empty();

        public Build(dev.scc.cli.CliServices services) {
            this(RuntimeCli.defaultBackend(services), services.env(), services.workingDir(), services::providers);
            this.services = Optional.of(services);
        }

        Build(Supplier<? extends RuntimeBackend> backends) {
            this(backends, System.getenv(), Path.of("").toAbsolutePath());
        }

        /** The command with these services' org and team, on {@code backends} (tests). */
        Build(dev.scc.cli.CliServices services, Supplier<? extends RuntimeBackend> backends) {
            this(backends, services.env(), services.workingDir(), services::providers);
            this.services = Optional.of(services);
        }

        private Build(Supplier<? extends RuntimeBackend> backends, java.util.Map<String, String> env, Path workingDir) {
            this(backends, env, workingDir, dev.scc.core.spi.AgentProviderRegistry::load);
        }

        private Build(Supplier<? extends RuntimeBackend> backends, java.util.Map<String, String> env, Path workingDir,
                Supplier<dev.scc.core.spi.AgentProviderRegistry> installed) {
            this.installed = installed;
            this.backends = backends;
            this.env = env;
            this.workingDir = workingDir;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            dev.scc.core.spi.AgentProviderRegistry installed = this.installed.get();
            List<dev.scc.core.spi.AgentProvider> chosen = new ArrayList<>();
            for (String id : providers.isEmpty() ? installed.ids() : providers) {
                chosen.add(installed.find(id).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                        installed.unknown(id).getMessage())));
            }
            List<String> ps = chosen.stream().map(dev.scc.core.spi.AgentProvider::id).toList();
            dev.scc.safety.rules.WrappedPrograms.Plan wrap = wrapPlan();
            if (!wrap.programs().isEmpty()) {
                out.println("==> wrapping the programs the org's command rules name: " + wrap.label());
            }
            wrap.skipped().forEach(x -> out.println("==> no wrapper for rule " + x.ruleId() + " (\"" + x.pattern() + "\"): "
                    + x.reason()));
            Path scratch;
            try {
                scratch = Files.createTempDirectory("scc-image-build");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            try {
                List<String> built = RuntimeCli.with(backends, b -> {
                    // First whether this backend builds images at all: then nothing is staged for nothing.
                    SandboxImages sandboxImages = b.capability(SandboxImages.class).orElseThrow(() ->
                            new RuntimeBackendException(RuntimeBackendException.Kind.INVALID, "runtime backend '"
                                    + b.id() + "' runs no images SCC builds", "nothing to build"));
                    Path images = ImageSources.withAgentRecipes(ImageSources.images(Optional.ofNullable(imagesDir),
                            env, workingDir, ImageSources.codeSource(ImageCommand.class), scratch), chosen, scratch);
                    List<Path> cas = (caCerts.isEmpty() ? envCaCerts(env) : caCerts).stream().map(workingDir::resolve)
                            .toList();
                    SandboxImages.BuildRequest o = new SandboxImages.BuildRequest(images, baseImage, true,
                            Optional.of(ImageSources.safety(Optional.ofNullable(safetyDir).map(workingDir::resolve),
                                    safetyWrapper, safetyInstall,
                                    ImageSources.codeSource(dev.scc.safety.SafetyEngine.class), scratch)),
                            ImageSources.WRAPPER, ImageSources.INSTALL, false, false, cas,
                            Optional.ofNullable(npmRegistry), rebuild, ps, !noProxy, wrap.programs());
                    return sandboxImages.build(o, line -> {
                        out.println(line);
                        out.flush();
                    });
                });
                out.println("built " + String.join(", ", built));
                out.flush();
                return 0;
            } finally {
                deleteTree(scratch);
            }
        }

        /**
         * The programs to wrap: those the command rules of the org ({@code --org}, else the one {@code scc setup}
         * connected) and of the team ({@code --team}, else the selected one) name, as {@code scc start} requires them.
         * No org: none beyond install-wrappers.sh's own list.
         */
        private dev.scc.safety.rules.WrappedPrograms.Plan wrapPlan() {
            Optional<String> org = orgOption.source()
                    .or(() -> services.flatMap(s -> s.governance().connectedOrgSource()));
            if (org.isEmpty() || services.isEmpty()) {
                if (team != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--team needs an org: pass --org SOURCE or connect one with 'scc setup'");
                }
                return dev.scc.safety.rules.WrappedPrograms.of(dev.scc.safety.rules.RuleSet.EMPTY);
            }
            dev.scc.app.governance.Governance.Resolved r = services.get().governance().resolve(
                    new dev.scc.app.governance.GovernanceRequest(org, Optional.ofNullable(team), Optional.empty(),
                            Optional.empty(), Optional.empty(), Optional.empty(), false, false));
            return dev.scc.safety.rules.WrappedPrograms.of(r.effective().rules());
        }

        /** {@code SCC_CA_CERTS}: PEM files separated by ':' (as a site sets it once for every build). */
        static List<Path> envCaCerts(java.util.Map<String, String> env) {
            String v = env.getOrDefault("SCC_CA_CERTS", "");
            return java.util.Arrays.stream(v.split(":")).filter(x -> !x.isBlank()).map(Path::of).toList();
        }

        private static void deleteTree(Path root) {
            try (java.util.stream.Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (java.io.IOException e) {
                // a leftover scratch directory under the temp dir is harmless
            }
        }
    }
}

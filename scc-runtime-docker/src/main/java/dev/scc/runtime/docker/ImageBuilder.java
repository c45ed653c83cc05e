package dev.scc.runtime.docker;

import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import dev.scc.runtime.docker.internal.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds scc-base, the agent images and scc-egress-proxy from the Dockerfiles under {@code images/} through the
 * engine API, streaming build output to a progress consumer. The base image is checked against
 * {@code security.blocked_base_images} before anything is built.
 */
public final class ImageBuilder {

    /**
     * @param imagesDir the {@code images/} directory with one Dockerfile directory per image
     * @param baseImage the Debian-like image everything is built on
     * @param installPackages false when {@code baseImage} already has the packages (offline test rootfs)
     * @param safetyDir where the scc-safety artifacts are; empty builds a base without safety (tests only)
     * @param safetyWrapper file name of the static wrapper binary in {@code safetyDir}
     * @param safetyInstall file name of the wrapper install script in {@code safetyDir}
     * @param stubAgents install stand-in agent CLIs instead of npm packages (offline tests only)
     * @param networkNone build with no network for RUN steps (offline)
     * @param caCerts extra CA certificates (PEM) the images trust, for TLS-intercepting networks
     * @param npmRegistry an npm registry (mirror) the agent CLIs and npm are installed from; empty: the public one
     * @param rebuild build even an image whose {@link ImageNames#CONTENT_DIGEST_LABEL} matches its inputs
     * @param wrapPrograms programs scc-base wraps beyond install-wrappers.sh's own list ({@code SCC_WRAP_PROGRAMS}),
     *     declared in its {@value ImageNames#WRAPPED_PROGRAMS_LABEL} label, which the agent images inherit
     */
    public record Options(Path imagesDir, String baseImage, boolean installPackages, Optional<Path> safetyDir,
            String safetyWrapper, String safetyInstall, boolean stubAgents, boolean networkNone, List<Path> caCerts,
            Optional<String> npmRegistry, boolean rebuild, java.util.Set<String> wrapPrograms) {

        public Options {
            caCerts = List.copyOf(caCerts);
            Objects.requireNonNull(npmRegistry, "npmRegistry");
            wrapPrograms = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(wrapPrograms));
        }

        public Options(Path imagesDir, String baseImage, boolean installPackages, Optional<Path> safetyDir,
                String safetyWrapper, String safetyInstall, boolean stubAgents, boolean networkNone, List<Path> caCerts,
                Optional<String> npmRegistry, boolean rebuild) {
            this(imagesDir, baseImage, installPackages, safetyDir, safetyWrapper, safetyInstall, stubAgents, networkNone,
                    caCerts, npmRegistry, rebuild, java.util.Set.of());
        }

        public Options(Path imagesDir, String baseImage, boolean installPackages, Optional<Path> safetyDir,
                String safetyWrapper, String safetyInstall, boolean stubAgents, boolean networkNone, List<Path> caCerts) {
            this(imagesDir, baseImage, installPackages, safetyDir, safetyWrapper, safetyInstall, stubAgents, networkNone,
                    caCerts, Optional.empty(), false);
        }

        public Options(Path imagesDir, String baseImage, boolean installPackages, Optional<Path> safetyDir,
                String safetyWrapper, String safetyInstall, boolean stubAgents, boolean networkNone) {
            this(imagesDir, baseImage, installPackages, safetyDir, safetyWrapper, safetyInstall, stubAgents, networkNone,
                    List.of());
        }

        public static Options production(Path imagesDir, String baseImage, Path safetyDir) {
            return new Options(imagesDir, baseImage, true, Optional.of(safetyDir), "scc-safety-wrapper",
                    "install-wrappers.sh", false, false, List.of());
        }
    }

    private final DockerRuntimeBackend backend;

    public ImageBuilder(DockerRuntimeBackend backend) {
        this.backend = backend;
    }

    /**
     * Builds the base, the given providers' agent images and (if asked) the proxy; returns the tags built or found up
     * to date. An image whose {@link ImageNames#CONTENT_DIGEST_LABEL} equals the digest of its inputs (its directory,
     * the safety artifacts and CA certificates, its build arguments and its parent image's id) is kept as it is,
     * unless {@link Options#rebuild}.
     */
    public List<String> build(Options o, List<String> providers, boolean proxy, Consumer<String> progress) {
        BlockedBaseImages blocked = backend.config().blockedBaseImages();
        blocked.checkBuild(o.baseImage());
        if (!Files.isDirectory(o.imagesDir().resolve("scc-base"))) {
            throw new RuntimeBackendException(Kind.NOT_FOUND, "no Dockerfiles under " + o.imagesDir(),
                    "run from an SCC checkout or release, or pass --images-dir (SCC_IMAGES_DIR) naming its images/");
        }
        for (String p : providers) {
            if (!Files.isDirectory(o.imagesDir().resolve("scc-agent-" + p))) {
                throw new RuntimeBackendException(Kind.NOT_FOUND, "no Dockerfile for provider '" + p + "' in "
                        + o.imagesDir().resolve("scc-agent-" + p), "use a provider with an images/scc-agent-<provider> "
                        + "directory");
            }
        }
        Engine e = backend.engine();
        ImageNames names = backend.config().images();
        List<String> built = new ArrayList<>();
        String parent = e.image(o.baseImage()).map(Engine.ImageInfo::id).orElse(o.baseImage());
        Path baseCtx = baseContext(o);
        String baseId;
        try {
            Map<String, String> args = new LinkedHashMap<>();
            args.put("BASE_IMAGE", o.baseImage());
            args.put("INSTALL_PACKAGES", Boolean.toString(o.installPackages()));
            args.put("SCC_SAFETY", o.safetyDir().isPresent() ? "required" : "absent");
            if (o.safetyDir().isPresent()) {
                args.put("SAFETY_JAR", "scc-safety.jar");
                args.put("SAFETY_WRAPPER", o.safetyWrapper());
                args.put("SAFETY_INSTALL", o.safetyInstall());
            }
            if (!o.wrapPrograms().isEmpty()) {
                // only when there are any: an org without such rules builds the same image (same digest) as before
                args.put("SCC_WRAP_PROGRAMS", String.join(" ", o.wrapPrograms()));
            }
            baseId = buildOne(e, o, baseCtx, names.base(), "(from " + o.baseImage() + ")", args, parent, progress);
            built.add(names.base());
        } finally {
            deleteTree(baseCtx);
        }
        for (String p : providers) {
            String tag = names.agent(p);
            Map<String, String> args = new LinkedHashMap<>();
            args.put("BASE", names.base());
            args.put("AGENT_INSTALL", o.stubAgents() ? "stub" : "npm");
            o.npmRegistry().ifPresent(r -> args.put("NPM_REGISTRY", r));
            buildOne(e, o, o.imagesDir().resolve("scc-agent-" + p), tag, "", args, baseId, progress);
            built.add(tag);
        }
        if (proxy) {
            buildOne(e, o, o.imagesDir().resolve("scc-egress-proxy"), names.proxy(), "(from " + o.baseImage() + ")",
                    Map.of("BASE_IMAGE", o.baseImage(), "INSTALL_PACKAGES", Boolean.toString(o.installPackages())),
                    parent, progress);
            built.add(names.proxy());
        }
        return List.copyOf(built);
    }

    /** Builds {@code tag} unless it is up to date; returns its image id. */
    private String buildOne(Engine e, Options o, Path ctx, String tag, String note, Map<String, String> args,
            String parentId, Consumer<String> progress) {
        String digest = contentDigest(ctx, args, parentId);
        Optional<Engine.ImageInfo> have = e.image(tag);
        if (!o.rebuild() && have.isPresent() && digest.equals(have.get().labels().get(ImageNames.CONTENT_DIGEST_LABEL))) {
            progress.accept("==> " + tag + " is up to date (" + digest.substring(0, 19) + ")");
            return have.get().id();
        }
        progress.accept("==> " + tag + (note.isEmpty() ? "" : " " + note));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("scc.image-build", "true");
        labels.put(ImageNames.CONTENT_DIGEST_LABEL, digest);
        try {
            e.build(ctx, tag, args, labels, o.networkNone(), progress);
        } catch (RuntimeBackendException failed) {
            throw explained(e, o, tag, failed);
        }
        return e.image(tag).map(Engine.ImageInfo::id).orElse(digest);
    }

    /** A build failure with what to do: a base that could not be pulled, or a network that intercepts TLS. */
    private static RuntimeBackendException explained(Engine e, Options o, String tag, RuntimeBackendException failed) {
        if (e.image(o.baseImage()).isEmpty()) {
            return new RuntimeBackendException(Kind.FAILED, "building " + tag + ": the base image " + o.baseImage()
                    + " is not in the engine and could not be pulled (" + failed.getMessage() + ")",
                    "pull or load it yourself, or pass --base-image IMAGE naming a local image (an air-gapped site's "
                            + "mirror); where the network intercepts TLS, pass --ca-cert PEM", failed);
        }
        return new RuntimeBackendException(Kind.FAILED, "building " + tag + " failed: " + failed.getMessage(),
                "see the build output above; where the network intercepts TLS (certificate errors from apt, curl or "
                        + "npm), pass --ca-cert PEM; without the npm registry, pass --npm-registry URL (a mirror)",
                failed);
    }

    /** sha256 of the context's files (paths and bytes, in path order), the build arguments and the parent image. */
    static String contentDigest(Path ctx, Map<String, String> args, String parentId) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            try (Stream<Path> files = Files.walk(ctx)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    md.update(ctx.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    md.update(Files.readAllBytes(f));
                    md.update((byte) 0);
                }
            }
            new java.util.TreeMap<>(args).forEach((k, v) -> md.update((k + "=" + v + "\0")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            md.update(("parent=" + parentId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(md.digest());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The scc-base context: its directory plus the safety artifacts under safety/. */
    private static Path baseContext(Options o) {
        try {
            Path ctx = Files.createTempDirectory("scc-base-ctx");
            Path src = o.imagesDir().resolve("scc-base");
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.toList()) {
                    Path t = ctx.resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            int n = 0;
            for (Path ca : o.caCerts()) {
                if (!Files.isRegularFile(ca)) {
                    deleteTree(ctx);
                    throw new RuntimeBackendException(Kind.NOT_FOUND, "CA certificate " + ca + " does not exist",
                            "pass a PEM file with --ca-cert");
                }
                Files.copy(ca, ctx.resolve("ca").resolve("extra-" + (n++) + ".crt"));
            }
            if (o.safetyDir().isPresent()) {
                Path dir = o.safetyDir().get();
                Path jar = findJar(dir);
                Path wrapper = dir.resolve(o.safetyWrapper());
                Path install = dir.resolve(o.safetyInstall());
                for (Path need : List.of(wrapper, install)) {
                    if (!Files.isRegularFile(need)) {
                        deleteTree(ctx);
                        throw new RuntimeBackendException(Kind.NOT_FOUND, "scc-safety artifact " + need + " is missing",
                                "build scc-safety first (mvn -pl scc-safety -am package) or name the file with "
                                        + "--safety-wrapper/--safety-install");
                    }
                }
                Files.createDirectories(ctx.resolve("safety"));
                Files.copy(jar, ctx.resolve("safety/scc-safety.jar"));
                Files.copy(wrapper, ctx.resolve("safety").resolve(o.safetyWrapper()));
                Files.copy(install, ctx.resolve("safety").resolve(o.safetyInstall()));
            }
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findJar(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new RuntimeBackendException(Kind.NOT_FOUND, "scc-safety artifacts directory " + dir + " does not exist",
                    "build scc-safety first (mvn -pl scc-safety -am package)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("scc-safety") && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                        && !n.endsWith("-tests.jar") && !n.endsWith("-javadoc.jar");
            }).min(Comparator.naturalOrder()).orElseThrow(() -> new RuntimeBackendException(Kind.NOT_FOUND,
                    "no scc-safety-*.jar in " + dir, "build scc-safety first (mvn -pl scc-safety -am package)"));
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}

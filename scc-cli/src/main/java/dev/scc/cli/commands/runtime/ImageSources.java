package dev.scc.cli.commands.runtime;

import dev.scc.core.SccException;
import dev.scc.core.runtime.RuntimeBackendException;
import dev.scc.core.SccException.Kind;
import dev.scc.core.spi.AgentProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where {@code scc image build} finds what it builds from, in a checkout and in a release alike:
 * <ul>
 * <li>the Dockerfiles: {@code --images-dir}, else {@code $SCC_IMAGES_DIR}, else the {@code images/} of the checkout
 * holding the CLI's jar, else the copy inside the CLI's jar ({@code dev/scc/cli/images});</li>
 * <li>the scc-safety artifacts: {@code --safety-dir} (a directory with {@code scc-safety*.jar}, the wrapper and the
 * install script), else the scc-safety jar on the CLI's class path, which carries the wrapper and the install script
 * under {@value #SAFETY_RESOURCES}.</li>
 * </ul>
 * Both are staged into a scratch directory the caller deletes.
 */
final class ImageSources {
    static final String SAFETY_RESOURCES = "META-INF/scc-safety/";
    static final String WRAPPER = "scc-wrapper";
    static final String INSTALL = "install-wrappers.sh";
    private static final String IMAGES_RESOURCE = "dev/scc/cli/images";

    private ImageSources() {}

    /** The checkout holding {@code codeSource} (a jar or classes directory): the first parent with images/scc-base. */
    static Optional<Path> checkoutOf(Optional<Path> codeSource) {
        for (Path p = codeSource.orElse(null); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("images/scc-base"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static Optional<Path> codeSource(Class<?> c) {
        try {
            return Optional.of(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The images/ directory to build from (see the class comment); jar copies are staged under {@code scratch}. */
    static Path images(Optional<Path> flag, Map<String, String> env, Path workingDir, Optional<Path> cliCode,
            Path scratch) {
        if (flag.isPresent()) {
            return workingDir.resolve(flag.get());
        }
        String dir = env.get("SCC_IMAGES_DIR");
        if (dir != null && !dir.isBlank()) {
            return workingDir.resolve(dir);
        }
        Optional<Path> checkout = checkoutOf(cliCode);
        if (checkout.isPresent()) {
            return checkout.get().resolve("images");
        }
        if (cliCode.isPresent() && Files.isRegularFile(cliCode.get())) {
            Path out = scratch.resolve("images");
            copyTree(cliCode.get(), IMAGES_RESOURCE, out);
            if (Files.isDirectory(out.resolve("scc-base"))) {
                return out;
            }
        }
        throw new RuntimeBackendException(Kind.NOT_FOUND, "no images/ directory: the CLI runs neither from an SCC "
                + "checkout nor from a jar carrying the Dockerfiles",
                "pass --images-dir DIR (or set SCC_IMAGES_DIR) naming the images/ directory of an SCC checkout");
    }

    /**
     * An images/ directory that holds each provider's agent recipe: {@code images} itself when it already has an
     * {@code scc-agent-<id>} directory for every provider (a checkout, {@code --images-dir}), else a copy of it under
     * {@code scratch} completed with the recipes the provider modules carry on the class path
     * ({@link AgentProvider#image()}), so a provider installed as a jar builds without an SCC checkout.
     */
    static Path withAgentRecipes(Path images, List<AgentProvider> providers, Path scratch) {
        List<AgentProvider> missing = providers.stream()
                .filter(p -> !Files.isDirectory(images.resolve(p.image().name()))).toList();
        if (missing.isEmpty()) {
            return images;
        }
        Path out = scratch.resolve("images-with-agents");
        try {
            try (Stream<Path> walk = Files.walk(images)) {
                for (Path src : walk.toList()) {
                    Path dst = out.resolve(images.relativize(src).toString());
                    if (Files.isDirectory(src)) {
                        Files.createDirectories(dst);
                    } else {
                        Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            for (AgentProvider p : missing) {
                AgentProvider.ImageRecipe r = p.image();
                Path dir = Files.createDirectories(out.resolve(r.name()));
                for (String f : r.files()) {
                    try (InputStream in = p.getClass().getClassLoader().getResourceAsStream(r.resource() + "/" + f)) {
                        if (in == null) {
                            throw new RuntimeBackendException(Kind.NOT_FOUND, "provider '" + p.id() + "' ("
                                    + p.getClass().getName() + ") lists " + r.resource() + "/" + f
                                    + " in its image recipe, but its jar does not carry it",
                                    "use a complete build of the provider's module");
                        }
                        Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the agent image recipes in " + out, e);
        }
    }

    /**
     * A directory holding the scc-safety artifacts under the names scc-base expects ({@code scc-safety.jar},
     * {@value #WRAPPER}, {@value #INSTALL}), from {@code safetyDir} or the scc-safety jar {@code safetyCode}.
     */
    static Path safety(Optional<Path> safetyDir, String wrapperName, String installName, Optional<Path> safetyCode,
            Path scratch) {
        Path out = scratch.resolve("safety");
        try {
            Files.createDirectories(out);
            if (safetyDir.isPresent()) {
                Path dir = safetyDir.get();
                Path jar = jarIn(dir).orElseThrow(() -> missing("no scc-safety*.jar in " + dir));
                Path wrapper = firstFile(dir, wrapperName, WRAPPER, "native/" + WRAPPER)
                        .orElseThrow(() -> missing("no wrapper binary (" + wrapperName + ") in " + dir));
                Path install = firstFile(dir, installName, INSTALL)
                        .orElseThrow(() -> missing("no wrapper install script (" + installName + ") in " + dir));
                Files.copy(jar, out.resolve("scc-safety.jar"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(wrapper, out.resolve(WRAPPER), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(install, out.resolve(INSTALL), StandardCopyOption.REPLACE_EXISTING);
                return out;
            }
            Path jar = safetyCode.map(p -> Files.isDirectory(p) ? jarIn(p.getParent()).orElse(p) : p)
                    .filter(Files::isRegularFile)
                    .orElseThrow(() -> missing("the scc-safety jar is not on the CLI's class path"));
            Files.copy(jar, out.resolve("scc-safety.jar"), StandardCopyOption.REPLACE_EXISTING);
            try (ZipFile z = new ZipFile(jar.toFile())) {
                for (String name : new String[] {WRAPPER, INSTALL}) {
                    ZipEntry entry = z.getEntry(SAFETY_RESOURCES + name);
                    if (entry == null) {
                        throw missing(jar + " carries no " + SAFETY_RESOURCES + name
                                + " (a build of scc-safety from before the wrapper travelled in its jar)");
                    }
                    try (InputStream in = z.getInputStream(entry)) {
                        Files.copy(in, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the scc-safety artifacts in " + out, e);
        }
    }

    private static RuntimeBackendException missing(String what) {
        return new RuntimeBackendException(Kind.NOT_FOUND, "scc-safety artifacts: " + what,
                "build the checkout first (mvn -B package, or just run ./scc), or pass --safety-dir DIR with "
                        + "scc-safety*.jar, " + WRAPPER + " and " + INSTALL);
    }

    private static Optional<Path> jarIn(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("scc-safety") && n.endsWith(".jar") && !n.endsWith("-sources.jar")
                        && !n.endsWith("-tests.jar") && !n.endsWith("-javadoc.jar");
            }).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> firstFile(Path dir, String... names) {
        for (String n : names) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return Optional.of(dir.resolve(n));
            }
        }
        return Optional.empty();
    }

    private static void copyTree(Path jar, String root, Path out) {
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Path src = fs.getPath(root);
            if (!Files.isDirectory(src)) {
                return;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.toList()) {
                    Path t = out.resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Dockerfiles inside " + jar, e);
        }
    }
}

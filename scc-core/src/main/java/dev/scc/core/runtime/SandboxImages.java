package dev.scc.core.runtime;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A backend capability ({@link RuntimeBackend#capability}): the backend runs sessions from images it builds itself
 * from SCC's image recipes ({@code images/}), so {@code scc image build} and {@code scc doctor} can ask it to build
 * and check them. A backend without images (a VM pool, a remote service) does not offer it.
 */
public interface SandboxImages {

    /** One image a session of these providers needs, and the {@code scc image build} flags that build it. */
    record RequiredImage(String reference, String buildFlags) {
        public RequiredImage {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(buildFlags, "buildFlags");
        }
    }

    /**
     * What to build, and from what.
     *
     * @param imagesDir the {@code images/} directory with one recipe directory per image
     * @param baseImage the image everything is built on (checked against the blocked base images)
     * @param installPackages false when {@code baseImage} already has the packages (an offline test rootfs)
     * @param safetyDir where the scc-safety artifacts are; empty builds a base without safety (tests only)
     * @param safetyWrapper file name of the static wrapper binary in {@code safetyDir}
     * @param safetyInstall file name of the wrapper install script in {@code safetyDir}
     * @param stubAgents install stand-in agent CLIs instead of the real ones (offline tests only)
     * @param networkNone build with no network (offline)
     * @param caCerts extra CA certificates (PEM) the images trust
     * @param npmRegistry an npm registry (mirror) the agent CLIs are installed from; empty: the public one
     * @param rebuild build even images whose recorded inputs say they are up to date
     * @param providers the providers whose agent images to build
     * @param proxy also build the egress proxy's image
     * @param wrapPrograms programs the images wrap beyond the safety install script's own list, when they have them
     *     (the programs the org's and team's command rules name), declared on the images for {@code scc start}
     */
    record BuildRequest(Path imagesDir, String baseImage, boolean installPackages, Optional<Path> safetyDir,
            String safetyWrapper, String safetyInstall, boolean stubAgents, boolean networkNone, List<Path> caCerts,
            Optional<String> npmRegistry, boolean rebuild, List<String> providers, boolean proxy,
            Set<String> wrapPrograms) {
        public BuildRequest {
            Objects.requireNonNull(imagesDir, "imagesDir");
            Objects.requireNonNull(baseImage, "baseImage");
            Objects.requireNonNull(safetyDir, "safetyDir");
            Objects.requireNonNull(npmRegistry, "npmRegistry");
            caCerts = List.copyOf(caCerts);
            providers = List.copyOf(providers);
            wrapPrograms = Collections.unmodifiableSortedSet(new TreeSet<>(wrapPrograms));
        }

        /** A request that wraps no program beyond the install script's own list. */
        public BuildRequest(Path imagesDir, String baseImage, boolean installPackages, Optional<Path> safetyDir,
                String safetyWrapper, String safetyInstall, boolean stubAgents, boolean networkNone, List<Path> caCerts,
                Optional<String> npmRegistry, boolean rebuild, List<String> providers, boolean proxy) {
            this(imagesDir, baseImage, installPackages, safetyDir, safetyWrapper, safetyInstall, stubAgents, networkNone,
                    caCerts, npmRegistry, rebuild, providers, proxy, Set.of());
        }
    }

    /** The images sessions of {@code providers} need, base first. */
    List<RequiredImage> required(List<String> providers);

    /** The id of the image {@code reference} if the engine has it. */
    Optional<String> imageId(String reference);

    /** Builds what {@code request} asks for, streaming progress lines; returns the references built or up to date. */
    List<String> build(BuildRequest request, Consumer<String> progress);
}

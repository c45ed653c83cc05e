package dev.scc.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the CLI's real-part suites (e2e, drills, runtime ITs) share: the engine, the offline rootfs, the checkout. */
public final class RealParts {
    /** The offline debootstrap rootfs of {@code .ci/docker.sh}; keep in step with its KEY. */
    public static final String ROOTFS = "scc-ci-rootfs:bookworm-2";

    private RealParts() {
    }

    /** A client for the engine the environment names ({@code DOCKER_HOST}, TLS settings), else the local socket. */
    public static DockerClient docker() {
        var cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        return DockerClientImpl.getInstance(cfg, new ZerodepDockerHttpClient.Builder().dockerHost(cfg.getDockerHost())
                .sslConfig(cfg.getSSLConfig()).build());
    }

    /** Skips, unless {@code -Dscc.it.require=true} (CI) makes a missing real part a failure of {@code suite}. */
    public static void unavailable(String suite, String why) {
        if (Boolean.getBoolean("scc.it.require")) {
            throw new AssertionError(suite + " cannot run: " + why);
        }
        assumeTrue(false, why);
    }

    /** The checkout's root: the tests run in the module's directory. */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        return Files.isDirectory(p.resolve("images")) ? p : p.getParent();
    }
}

package dev.scc.runtime.docker.internal;

import dev.scc.core.runtime.SandboxFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few engine operations the runtime needs, so launch, rollback, stop and prune are testable with a fake.
 * Failures are {@link dev.scc.core.runtime.RuntimeBackendException}s with a kind (UNAVAILABLE,
 * NOT_FOUND, CONFLICT, FAILED). Every container created here gets {@code --cap-drop ALL} and
 * {@code no-new-privileges}: hardening is not a field a caller can forget.
 */
public interface Engine extends AutoCloseable {

    record Version(String engine, String api) {}

    record ImageInfo(String id, Map<String, String> labels) {}

    /** A labelled container or network. */
    record Obj(String id, String name, Map<String, String> labels, boolean running) {}

    record ExecResult(long exitCode, String stdout, String stderr) {}

    Version version();

    Optional<ImageInfo> image(String ref);

    String createNetwork(String name, boolean internal, Map<String, String> labels);

    String createVolume(String name, Map<String, String> labels);

    String createContainer(ContainerSpec spec);

    /** Places files in a created container, root-owned, with their effective modes. */
    void putFiles(String containerId, List<SandboxFile> files);

    /** Places files in a created container owned by {@code uid:gid} (a secret only one service user may read). */
    void putOwnedFiles(String containerId, List<SandboxFile> files, int uid, int gid);

    void connect(String networkIdOrName, String containerId);

    void start(String containerId);

    /** Connects the container to the network, where it also answers to {@code aliases} (Docker's DNS). */
    void connect(String networkIdOrName, String containerId, List<String> aliases);

    /**
     * Starts a container created with {@link ContainerSpec#openStdin()}, writing {@code stdin} to its standard input
     * and closing it: the bytes reach only that process, never its environment, labels, files or logs.
     */
    void startWithStdin(String containerId, byte[] stdin);

    /** The container's IPv4 address on the named network. */
    String ipOn(String containerId, String networkName);

    boolean running(String containerId);

    /** stdout and stderr of the container, interleaved. */
    String logs(String containerId, boolean stdout, boolean stderr);

    ExecResult exec(String containerId, String user, List<String> argv);

    /** Removes the container (force); a missing one is not an error. */
    void removeContainer(String id);

    /** Removes the network; a missing one is not an error. */
    void removeNetwork(String id);

    /** Removes the volume; a missing one is not an error. */
    void removeVolume(String name);

    List<Obj> containers(Map<String, String> labels);

    List<Obj> networks(Map<String, String> labels);

    List<Obj> volumes(Map<String, String> labels);

    /**
     * Runs {@code argv} in the container with a TTY, wiring the caller's terminal streams; returns the exit code.
     */
    long execInteractive(String containerId, String user, String workdir, List<String> argv,
            java.io.InputStream in, java.io.OutputStream out);

    /** Builds an image; {@code networkNone} cuts RUN steps off the network. Progress lines go to {@code progress}. */
    String build(java.nio.file.Path context, String tag, Map<String, String> buildArgs, Map<String, String> labels,
            boolean networkNone, java.util.function.Consumer<String> progress);

    @Override
    void close();
}

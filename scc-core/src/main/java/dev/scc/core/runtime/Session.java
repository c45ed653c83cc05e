package dev.scc.core.runtime;

import dev.scc.core.model.NetworkPosture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one sandbox session, as a backend stores and returns it. What the session is made of (containers,
 * networks, pods, …) is the backend's business: {@link #objects()} lists them in the backend's vocabulary, and only
 * that backend interprets their names.
 *
 * @param id short unique session id (lower-case hex)
 * @param backend the id of the backend that created it
 * @param workspace the host workspace
 * @param workspaceHash a stable digest of the workspace path ({@link #workspaceHash(Path)})
 * @param team the team, if any
 * @param provider provider id
 * @param posture network posture
 * @param objects what the backend created for the session, first the agent's sandbox (role {@code agent})
 * @param imageDigests image reference to image id/digest, for each image the session runs
 * @param policyFingerprint digest of the effective policy at launch
 * @param startedAt launch time
 * @param stoppedAt when it was stopped, if it was
 */
public record Session(
        String id,
        String backend,
        Path workspace,
        String workspaceHash,
        Optional<String> team,
        String provider,
        NetworkPosture posture,
        List<RuntimeObject> objects,
        Map<String, String> imageDigests,
        String policyFingerprint,
        Instant startedAt,
        Optional<Instant> stoppedAt) {

    /** The role of the object the agent runs in. */
    public static final String AGENT = "agent";

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(workspaceHash, "workspaceHash");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(posture, "posture");
        Objects.requireNonNull(policyFingerprint, "policyFingerprint");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(stoppedAt, "stoppedAt");
        objects = List.copyOf(objects);
        imageDigests = Map.copyOf(imageDigests);
    }

    /** True until the session was stopped. */
    public boolean live() {
        return stoppedAt.isEmpty();
    }

    public Session stopped(Instant at) {
        return new Session(id, backend, workspace, workspaceHash, team, provider, posture, objects, imageDigests,
                policyFingerprint, startedAt, Optional.of(at));
    }

    /** The first object with {@code role}, if the session has one. */
    public Optional<RuntimeObject> object(String role) {
        return objects.stream().filter(o -> o.role().equals(role)).findFirst();
    }

    /** The objects with {@code role}, in the order the backend created them. */
    public List<RuntimeObject> objects(String role) {
        return objects.stream().filter(o -> o.role().equals(role)).toList();
    }

    /**
     * The session among {@code sessions} whose id is {@code idOrPrefix} or starts with it; what
     * {@link RuntimeBackend#session} answers.
     *
     * @throws RuntimeBackendException INVALID when the prefix matches more than one session
     */
    public static Optional<Session> find(List<Session> sessions, String idOrPrefix) {
        List<Session> hits = sessions.stream().filter(s -> s.id().startsWith(idOrPrefix)).toList();
        if (hits.size() > 1) {
            throw new RuntimeBackendException(RuntimeBackendException.Kind.INVALID, "session prefix '" + idOrPrefix
                    + "' matches " + hits.size() + " sessions", "give more characters of the id");
        }
        return hits.stream().findFirst();
    }

    /**
     * A stable 12-hex digest of a workspace path: sessions, checkpoints and every backend's labels name a workspace
     * by it, so it is the same for every backend.
     */
    public static String workspaceHash(Path workspace) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(workspace.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

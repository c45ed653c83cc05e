package dev.scc.core.runtime;

import dev.scc.core.model.NetworkPosture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one sandbox session, as stored under the XDG state directory and returned by a backend.
 *
 * @param id short unique session id (lower-case hex)
 * @param backend the id of the backend that created it
 * @param workspace the host workspace
 * @param workspaceHash a stable digest of the workspace path (the {@code scc.workspace} label)
 * @param team the team, if any
 * @param provider provider id
 * @param posture network posture
 * @param agentContainer the agent container's id
 * @param proxyContainer the egress proxy's id (enforced posture only)
 * @param networks ids of networks created for this session
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
        String agentContainer,
        Optional<String> proxyContainer,
        List<String> networks,
        Map<String, String> imageDigests,
        String policyFingerprint,
        Instant startedAt,
        Optional<Instant> stoppedAt) {

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(workspaceHash, "workspaceHash");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(posture, "posture");
        Objects.requireNonNull(agentContainer, "agentContainer");
        Objects.requireNonNull(proxyContainer, "proxyContainer");
        Objects.requireNonNull(policyFingerprint, "policyFingerprint");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(stoppedAt, "stoppedAt");
        networks = List.copyOf(networks);
        imageDigests = Map.copyOf(imageDigests);
    }

    /** True until the session was stopped. */
    public boolean live() {
        return stoppedAt.isEmpty();
    }

    public Session stopped(Instant at) {
        return new Session(id, backend, workspace, workspaceHash, team, provider, posture, agentContainer,
                proxyContainer, networks, imageDigests, policyFingerprint, startedAt, Optional.of(at));
    }
}

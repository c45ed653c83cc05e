package dev.scc.core.runtime;

import dev.scc.core.model.NetworkPosture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a backend needs to start (or resume) one agent session; the seam between governance
 * (merge, render) and the runtime. Values here are already effective: the backend enforces them and
 * makes no policy decision of its own, except refusing what it cannot enforce.
 *
 * @param workspace absolute host directory bind-mounted into the sandbox (the only host path shared)
 * @param provider provider id ({@code claude}, {@code codex})
 * @param team the team the session runs for, if any
 * @param posture the effective network posture
 * @param allowedHosts effective destinations for {@link NetworkPosture#WEB_EGRESS_ENFORCED}: host names,
 *     {@code .suffix} domains; IP literals and CIDRs are refused by the ACL compiler
 * @param localModelEndpoint set when the provider talks to a model inside the sandbox, which is the only way
 *     it may run under {@link NetworkPosture#LOCKED_DOWN_WEB}
 * @param files rendered provider and policy files placed root-owned and read-only
 * @param env extra environment for the agent; SCC's own variables (proxy) win over these
 * @param limits resource ceilings
 * @param policyFingerprint a digest of the effective policy, recorded with the session
 * @param resume resume the provider's last conversation (each provider's own mechanism)
 * @param protection which workspace paths the host executes or trusts, and how the sandbox protects each
 * @param broker the credential broker to start beside the session, when the org brokers credentials: the agent's
 *     {@code env} and {@code files} then hold placeholders and the broker's URL, never a credential
 */
public record LaunchSpec(
        Path workspace,
        String provider,
        Optional<String> team,
        NetworkPosture posture,
        Set<String> allowedHosts,
        Optional<String> localModelEndpoint,
        List<SandboxFile> files,
        Map<String, String> env,
        ResourceLimits limits,
        String policyFingerprint,
        boolean resume,
        WorkspaceProtection protection,
        Optional<CredentialBrokerSpec> broker) {

    /** A spec without a credential broker. */
    public LaunchSpec(Path workspace, String provider, Optional<String> team, NetworkPosture posture,
            Set<String> allowedHosts, Optional<String> localModelEndpoint, List<SandboxFile> files,
            Map<String, String> env, ResourceLimits limits, String policyFingerprint, boolean resume,
            WorkspaceProtection protection) {
        this(workspace, provider, team, posture, allowedHosts, localModelEndpoint, files, env, limits,
                policyFingerprint, resume, protection, Optional.empty());
    }

    /** A spec with the default workspace protection. */
    public LaunchSpec(Path workspace, String provider, Optional<String> team, NetworkPosture posture,
            Set<String> allowedHosts, Optional<String> localModelEndpoint, List<SandboxFile> files,
            Map<String, String> env, ResourceLimits limits, String policyFingerprint, boolean resume) {
        this(workspace, provider, team, posture, allowedHosts, localModelEndpoint, files, env, limits,
                policyFingerprint, resume, WorkspaceProtection.DEFAULT);
    }

    public LaunchSpec {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(posture, "posture");
        Objects.requireNonNull(localModelEndpoint, "localModelEndpoint");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(policyFingerprint, "policyFingerprint");
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(broker, "broker");
        if (!workspace.isAbsolute()) {
            throw new IllegalArgumentException("workspace must be an absolute path: " + workspace);
        }
        if (provider.isBlank()) {
            throw new IllegalArgumentException("provider must not be blank");
        }
        workspace = workspace.normalize();
        allowedHosts = Set.copyOf(allowedHosts);
        files = List.copyOf(files);
        env = Map.copyOf(env);
    }

    /** A spec with defaults for everything but the essentials: no files, no extra env, default limits. */
    public static LaunchSpec of(Path workspace, String provider, NetworkPosture posture, Set<String> allowedHosts) {
        return new LaunchSpec(workspace, provider, Optional.empty(), posture, allowedHosts, Optional.empty(),
                List.of(), Map.of(), ResourceLimits.DEFAULT, "none", false);
    }

    public LaunchSpec withTeam(String team) {
        return new LaunchSpec(workspace, provider, Optional.of(team), posture, allowedHosts, localModelEndpoint, files,
                env, limits, policyFingerprint, resume, protection, broker);
    }

    public LaunchSpec withFiles(List<SandboxFile> newFiles) {
        return new LaunchSpec(workspace, provider, team, posture, allowedHosts, localModelEndpoint, newFiles, env,
                limits, policyFingerprint, resume, protection, broker);
    }

    public LaunchSpec withEnv(Map<String, String> newEnv) {
        return new LaunchSpec(workspace, provider, team, posture, allowedHosts, localModelEndpoint, files, newEnv,
                limits, policyFingerprint, resume, protection, broker);
    }

    public LaunchSpec withLocalModelEndpoint(String endpoint) {
        return new LaunchSpec(workspace, provider, team, posture, allowedHosts, Optional.of(endpoint), files, env,
                limits, policyFingerprint, resume, protection, broker);
    }

    public LaunchSpec withResume(boolean newResume) {
        return new LaunchSpec(workspace, provider, team, posture, allowedHosts, localModelEndpoint, files, env,
                limits, policyFingerprint, newResume, protection, broker);
    }

    public LaunchSpec withPolicyFingerprint(String fingerprint) {
        return new LaunchSpec(workspace, provider, team, posture, allowedHosts, localModelEndpoint, files, env,
                limits, fingerprint, resume, protection, broker);
    }

    public LaunchSpec withLimits(ResourceLimits newLimits) {
        return new LaunchSpec(workspace, provider, team, posture, allowedHosts, localModelEndpoint, files, env,
                newLimits, policyFingerprint, resume, protection, broker);
    }

    public LaunchSpec withProtection(WorkspaceProtection newProtection) {
        return new LaunchSpec(workspace, provider, team, posture, allowedHosts, localModelEndpoint, files, env,
                limits, policyFingerprint, resume, newProtection, broker);
    }

    public LaunchSpec withBroker(CredentialBrokerSpec newBroker) {
        return new LaunchSpec(workspace, provider, team, posture, allowedHosts, localModelEndpoint, files, env,
                limits, policyFingerprint, resume, protection, Optional.of(newBroker));
    }
}

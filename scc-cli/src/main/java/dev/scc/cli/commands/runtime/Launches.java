package dev.scc.cli.commands.runtime;

import dev.scc.core.SccException.Kind;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.app.governance.GovernanceException;
import dev.scc.core.runtime.SandboxFile;
import dev.scc.core.runtime.Session;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.policy.audit.AuditEvent;
import dev.scc.policy.audit.AuditLog;
import dev.scc.safety.audit.Redactor;
import dev.scc.policy.audit.SccState;
import dev.scc.policy.exception.ExceptionStore;
import dev.scc.core.runtime.LaunchPlan;
import dev.scc.core.runtime.RuntimeBackend;
import dev.scc.core.runtime.RuntimeSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The pieces of a governed {@code scc start} that are not the command line itself. */
final class Launches {
    private Launches() {}

    /**
     * Runs work beside a launch's main line, each task on a daemon thread of its own (a few per launch; they wait on
     * the engine or the disk, so a pool sized for the CPUs would only queue them).
     */
    static final java.util.concurrent.Executor BESIDE = task -> {
        Thread t = new Thread(task, "scc-start-beside");
        t.setDaemon(true);
        t.start();
    };

    /** The git root above the working directory, else the working directory. */
    static Path defaultWorkspace(Path cwd) {
        return ExceptionStore.findRepoRoot(cwd).orElse(cwd);
    }

    /**
     * Explicit beats configured beats detected: {@code --provider}, then the user's saved choice (unless
     * {@code ask}), then the only provider the team may use, then claude when allowed. Never a disallowed one.
     */
    static String chooseProvider(Optional<String> flag, Optional<String> saved, List<String> allowed) {
        return chooseProvider(flag, saved, allowed, AgentProviderRegistry.load());
    }

    static String chooseProvider(Optional<String> flag, Optional<String> saved, List<String> allowed,
            AgentProviderRegistry providers) {
        if (flag.isPresent()) {
            return flag.get();
        }
        if (saved.isPresent() && !saved.get().equals("ask")) {
            return saved.get();
        }
        if (allowed.isEmpty()) {
            throw new GovernanceException("no provider is allowed for this team", Kind.REFUSED);
        }
        if (allowed.size() == 1) {
            return allowed.get(0);
        }
        // Nobody chose: the installed default among the allowed (ask is a choice, so it never falls back).
        Optional<String> byDefault = saved.isEmpty() ? providers.defaultAmong(allowed).map(AgentProvider::id)
                : Optional.empty();
        if (byDefault.isPresent()) {
            return byDefault.get();
        }
        throw new GovernanceException("provider preference is 'ask' and both " + String.join(" and ", allowed)
                + " are allowed: pass --provider " + String.join("|", allowed) + " (or 'scc provider set')", Kind.INVALID);
    }

    /**
     * A backend that refuses the org's blocked base images before anything is built or run, and wires the
     * approval channel into the sandbox when the policy has {@code require_approval} rules.
     */
    static Supplier<RuntimeBackend> backendFor(Map<String, String> env, List<String> blockedImages,
            Optional<String> baseImage, boolean approvals) {
        return RuntimeCli.backendFor(RuntimeSettings.of(env).withGovernance(blockedImages, baseImage, approvals));
    }

    /** True when the org's safety policy sends some actions to a human instead of blocking them. */
    static boolean needsApprovals(java.util.Optional<Map<String, Object>> safetyNet) {
        Object r = safetyNet.map(m -> m.get("require_approval")).orElse(null);
        return r instanceof List<?> l && !l.isEmpty();
    }

    /** The dry-run plan as JSON: everything a reviewer needs to approve a launch. */
    static ObjectNode planJson(LaunchPlan plan, List<String> destinationSets) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode d = f.objectNode();
        d.put("backend", plan.backend());
        d.put("workspace", plan.spec().workspace().toString());
        d.put("workspace_hash", plan.workspaceHash());
        d.put("provider", plan.spec().provider());
        d.put("team", plan.spec().team().orElse(""));
        d.put("network_posture", plan.spec().posture().id());
        ArrayNode sets = d.putArray("destination_sets");
        destinationSets.forEach(sets::add);
        ArrayNode hosts = d.putArray("allowed_hosts");
        new TreeSet<>(plan.spec().allowedHosts()).forEach(hosts::add);
        d.put("agent_image", plan.images().getOrDefault("agent", ""));
        d.put("proxy_image", plan.images().getOrDefault("proxy", ""));
        ObjectNode images = d.putObject("images");
        plan.images().forEach(images::put);
        ArrayNode objects = d.putArray("objects");
        plan.objects().forEach(o -> objects.addObject().put("kind", o.kind()).put("role", o.role()).put("name", o.name()));
        ArrayNode cmd = d.putArray("agent_command");
        plan.agentCommand().forEach(cmd::add);
        ArrayNode mounts = d.putArray("mounts");
        plan.mounts().forEach(m -> mounts.addObject().put("source", m.source()).put("target", m.target())
                .put("mode", m.mode()));
        ArrayNode envNames = d.putArray("env_names");
        plan.envNames().forEach(envNames::add);
        ObjectNode protection = d.putObject("workspace_protection");
        plan.spec().protection().paths().forEach((path, mode) -> protection.put(path, mode.id()));
        ObjectNode limits = d.putObject("limits");
        limits.put("memory_bytes", plan.spec().limits().memoryBytes());
        limits.put("cpus", plan.spec().limits().cpus());
        limits.put("pids", plan.spec().limits().pids());
        ArrayNode files = d.putArray("rendered_files");
        for (SandboxFile rf : plan.spec().files()) {
            files.addObject().put("path", rf.containerPath()).put("mode", String.format("%04o", rf.mode()))
                    .put("bytes", rf.content().length);
        }
        d.put("policy_fingerprint", plan.spec().policyFingerprint());
        plan.documents().forEach(d::put);
        return d;
    }

    /** Records the launch in the host's tamper-evident audit log. */
    record Audit(CliServices services) {
        void launched(Session s) {
            Path log = SccState.auditLogUnder(services.dirs().sccStateDir());
            new AuditLog(log, Clock.systemUTC(), new Redactor()).append(new AuditEvent.Launch(s.id(), s.provider(),
                    s.workspace().toString(), s.posture().id(), s.policyFingerprint(), s.imageDigests()));
        }
    }
}

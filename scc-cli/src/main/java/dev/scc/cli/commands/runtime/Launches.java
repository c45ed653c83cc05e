package dev.scc.cli.commands.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.core.runtime.SandboxFile;
import dev.scc.policy.exception.ExceptionStore;
import dev.scc.core.runtime.LaunchPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

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
}

package dev.scc.cli.commands.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.cli.ExitCodes;
import dev.scc.cli.output.JsonOutput;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.policy.PolicyLoader;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.rules.Action;
import dev.scc.safety.rules.TraceEntry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scc policy simulate --org FILE [--team T] (--command LINE | --file-read PATH | --file-write PATH | --mcp
 * SERVER/TOOL) [--json]}: the effective decision for one action, the trace of matching rules with their origin and
 * the shadow matches apart. Exit 0 whatever the decision (the simulation worked), 3 when the org does not load.
 */
@Command(name = "simulate", description = {"Show the decision the org's rules (and the team's) give one action, and why.",
        "Commands are judged by the sandbox's own engine on the policy file a session would get."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:simulated (whatever the decision)", "1:org file not found",
            "2:usage", "3:the org config does not load"})
public final class PolicySimulateCommand implements Callable<Integer> {
    private final dev.scc.cli.CliServices services;

    public PolicySimulateCommand(dev.scc.cli.CliServices services) {
        this.services = services;
    }

    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--org", required = true, paramLabel = "FILE", description = "The org config (YAML or JSON).")
    Path org;

    @Option(names = "--team", paramLabel = "TEAM", description = "Simulate for this team (its delegated rules apply).")
    String team;

    @picocli.CommandLine.Mixin
    dev.scc.cli.output.JsonOption json = new dev.scc.cli.output.JsonOption();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    static final class Subject {
        @Option(names = "--command", paramLabel = "LINE", description = "A shell command line, analysed as the engine does.")
        String command;

        @Option(names = "--file-read", paramLabel = "PATH", description = "A file an agent's file tool reads (absolute path).")
        String fileRead;

        @Option(names = "--file-write", paramLabel = "PATH", description = "A file an agent's file tool writes (absolute path).")
        String fileWrite;

        @Option(names = "--mcp", paramLabel = "SERVER/TOOL", description = "An MCP tool call.")
        String mcp;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PolicyTestCommand.LoadedOrg loaded = PolicyTestCommand.loadOrg(services, org, json.enabled(), "PolicySimulation",
                out, err);
        if (loaded.doc() == null) {
            return loaded.exit();
        }
        PolicyLoader.OrgDocument doc = loaded.doc();
        EffectiveConfig e = PolicyRuns.effective(doc.config(), team == null ? "" : team, services.clock().instant());
        SafetyPolicy policy = PolicyRuns.sandboxPolicy(e);
        PolicyRuns.Outcome o;
        try {
            o = subject.command != null ? PolicyRuns.command(policy, subject.command) : PolicyRuns.action(policy, action());
        } catch (IllegalArgumentException ex) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        if (json.enabled()) {
            ObjectNode data = JsonOutput.mapper().createObjectNode();
            data.put("decision", o.decision().policyWord());
            data.put("action", o.action());
            data.put("reason", o.reason());
            Optional<TraceEntry> decider = o.evaluation().decidingRule();
            if (decider.isPresent()) {
                data.put("rule", decider.get().ruleId());
            } else {
                data.putNull("rule");
            }
            data.put("team", team == null ? "" : team);
            PolicyRuns.entries(data.putArray("trace"), o.evaluation().trace());
            PolicyRuns.entries(data.putArray("shadow"), o.evaluation().shadow());
            JsonOutput.print(out, JsonOutput.envelope("PolicySimulation", true, data, List.of(), List.of(), services.clock()));
            return ExitCodes.OK;
        }
        out.println("decision: " + o.decision().policyWord());
        out.println("action:   " + o.action());
        out.println("reason:   " + o.reason().replace("\n", "\n          "));
        print(out, "trace", o.evaluation().trace());
        print(out, "shadow (recorded, not enforced)", o.evaluation().shadow());
        out.flush();
        return ExitCodes.OK;
    }

    private Action action() {
        if (subject.fileRead != null) {
            return new Action.FileRead(subject.fileRead);
        }
        if (subject.fileWrite != null) {
            return new Action.FileWrite(subject.fileWrite);
        }
        int slash = subject.mcp.indexOf('/');
        if (slash <= 0 || slash == subject.mcp.length() - 1) {
            throw new IllegalArgumentException("--mcp takes SERVER/TOOL (got '" + subject.mcp + "')");
        }
        return new Action.McpCall(subject.mcp.substring(0, slash), subject.mcp.substring(slash + 1), "");
    }

    private static void print(PrintWriter out, String title, List<TraceEntry> entries) {
        out.println(title + ":" + (entries.isEmpty() ? " none" : ""));
        for (TraceEntry t : entries) {
            out.println("  " + t.decision().policyWord() + "  " + t.ruleId() + "  (" + t.origin().label() + ")  matched: " + t.matched());
        }
    }
}

package dev.scc.cli.commands.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.cli.ExitCodes;
import dev.scc.cli.output.JsonOutput;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.policy.PolicyDocumentException;
import dev.scc.policy.PolicyLoader;
import dev.scc.policy.Problem;
import dev.scc.policy.schema.DocumentReader;
import dev.scc.safety.Decision;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.rules.Action;
import dev.scc.safety.rules.ActionRule;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scc policy test --org FILE [CASES…]}: loads the org config, which runs every rule's own {@code tests} (org and
 * team profile rules), then checks every case of the test-case files against the effective decision. For the org's
 * CI: exit 0 when everything holds, 3 when a rule or its examples fail (the rule and example named), 1 when a case
 * fails.
 */
@Command(name = "test", description = {"Run every rule's own examples and the given test-case files.",
        "A case file holds 'cases:', each with one of command, file.read, file.write, mcp.call, an optional team and the"
                + " expected decision (allow, warn, require_approval, deny)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every example and case holds",
            "1:a case failed (or a case file is missing)", "2:usage", "3:a rule or one of its examples failed"})
public final class PolicyTestCommand implements Callable<Integer> {
    private final dev.scc.cli.CliServices services;


    public PolicyTestCommand(dev.scc.cli.CliServices services) {
        this.services = services;
    }

    @Spec CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--org", required = true, paramLabel = "FILE", description = "The org config (YAML or JSON).")
    Path org;

    @picocli.CommandLine.Mixin
    dev.scc.cli.output.JsonOption json = new dev.scc.cli.output.JsonOption();

    @Parameters(paramLabel = "CASES", arity = "0..*", description = "Test-case files (YAML or JSON).")
    List<Path> cases = List.of();

    /** The org document, or the exit code of a failure already reported. */
    record LoadedOrg(PolicyLoader.OrgDocument doc, int exit) {}

    /** Loads the org; on failure prints the problems (or the envelope) and returns the exit code without a document. */
    static LoadedOrg loadOrg(dev.scc.cli.CliServices services, Path org, boolean json, String kind, PrintWriter out,
            PrintWriter err) {
        try {
            return new LoadedOrg(services.policyLoader().loadOrg(org), 0);
        } catch (PolicyDocumentException e) {
            int exit = Files.exists(org) ? ExitCodes.CONFIG : ExitCodes.NOT_FOUND;
            if (json) {
                ObjectNode data = JsonOutput.mapper().createObjectNode();
                data.put("org", org.toString());
                ArrayNode problems = data.putArray("problems");
                for (Problem p : e.problems()) {
                    problems.addObject().put("file", p.file()).put("path", p.jsonPath()).put("message", p.message());
                }
                JsonOutput.print(out, JsonOutput.envelope(kind, false, data, JsonOutput.Problem.all(exit,
                        e.problems().stream().map(Problem::describe).toList()), List.of(), services.clock()));
            } else {
                e.problems().forEach(p -> out.println(p.describe()));
                out.flush();
            }
            err.println("scc: " + org + " does not load: " + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s"));
            err.flush();
            return new LoadedOrg(null, exit);
        }
    }

    private record Failure(String file, String at, String message) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedOrg loaded = loadOrg(services, org, json.enabled(), "PolicyTest", out, err);
        if (loaded.doc() == null) {
            return loaded.exit();
        }
        PolicyLoader.OrgDocument doc = loaded.doc();
        int examples = 0;
        List<ActionRule> all = new ArrayList<>(doc.config().rules());
        doc.config().profiles().values().forEach(p -> all.addAll(p.rules()));
        for (ActionRule r : all) {
            examples += r.tests().match().size() + r.tests().notMatch().size();
        }
        List<Failure> failures = new ArrayList<>();
        int caseCount = 0;
        Map<String, SafetyPolicy> byTeam = new HashMap<>();
        DocumentReader reader = new DocumentReader();
        for (Path file : cases) {
            JsonNode root;
            try {
                root = reader.read(file);
            } catch (PolicyDocumentException e) {
                failures.add(new Failure(file.toString(), "", e.getMessage()));
                continue;
            }
            JsonNode list = root.get("cases");
            if (list == null || !list.isArray()) {
                failures.add(new Failure(file.toString(), "$.cases", "expected a list of cases"));
                continue;
            }
            for (int i = 0; i < list.size(); i++) {
                caseCount++;
                String at = "$.cases[" + i + "]";
                Optional<String> problem = runCase(doc, list.get(i), byTeam);
                problem.ifPresent(p -> failures.add(new Failure(file.toString(), at, p)));
            }
        }
        boolean ok = failures.isEmpty();
        int exit = ok ? ExitCodes.OK : ExitCodes.NOT_FOUND;
        if (json.enabled()) {
            ObjectNode data = JsonOutput.mapper().createObjectNode();
            data.put("org", org.toString());
            data.put("rules", all.size());
            data.put("examples", examples);
            data.put("cases", caseCount);
            ArrayNode arr = data.putArray("failures");
            failures.forEach(f -> arr.addObject().put("file", f.file()).put("path", f.at()).put("message", f.message()));
            JsonOutput.print(out, JsonOutput.envelope("PolicyTest", ok, data, ok ? List.of()
                    : JsonOutput.Problem.all(exit, failures.stream().map(PolicyTestCommand::describe).toList()),
                    List.of(), services.clock()));
        } else {
            failures.forEach(f -> out.println(describe(f)));
            out.println(all.size() + " rules, " + examples + " rule examples, " + caseCount + " cases: "
                    + (ok ? "all hold" : failures.size() + " failed"));
        }
        out.flush();
        if (!ok) {
            err.println("scc: policy test failed: " + failures.size() + " case" + (failures.size() == 1 ? "" : "s"));
            err.flush();
        }
        return exit;
    }

    private static String describe(Failure f) {
        return f.file() + (f.at().isEmpty() ? "" : ":" + f.at()) + ": " + f.message();
    }

    private Optional<String> runCase(PolicyLoader.OrgDocument doc, JsonNode c, Map<String, SafetyPolicy> byTeam) {
        if (!c.isObject()) {
            return Optional.of("expected a case object");
        }
        String team = c.path("team").asText("");
        Optional<Decision> expect = Decision.fromPolicyWord(c.path("expect").asText(""));
        if (expect.isEmpty() || "block".equals(c.path("expect").asText())) {
            return Optional.of("expect must be one of allow, warn, require_approval, deny");
        }
        SafetyPolicy policy = byTeam.computeIfAbsent(team, t -> {
            EffectiveConfig e = PolicyRuns.effective(doc.config(), t, services.clock().instant());
            return PolicyRuns.sandboxPolicy(e);
        });
        PolicyRuns.Outcome o;
        try {
            if (c.has("command")) {
                o = PolicyRuns.command(policy, c.get("command").asText());
            } else if (c.has("file.read")) {
                o = PolicyRuns.action(policy, new Action.FileRead(c.get("file.read").asText()));
            } else if (c.has("file.write")) {
                o = PolicyRuns.action(policy, new Action.FileWrite(c.get("file.write").asText()));
            } else if (c.has("mcp.call")) {
                String s = c.get("mcp.call").asText();
                int slash = s.indexOf('/');
                if (slash <= 0) {
                    return Optional.of("mcp.call is server/tool (got '" + s + "')");
                }
                o = PolicyRuns.action(policy, new Action.McpCall(s.substring(0, slash), s.substring(slash + 1), ""));
            } else {
                return Optional.of("a case needs one of command, file.read, file.write, mcp.call");
            }
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
        if (o.decision() != expect.get()) {
            String rule = o.evaluation().decidingRule().map(r -> " by rule " + r.ruleId() + " (" + r.origin().label() + ")")
                    .orElse(" (no rule matched)");
            return Optional.of(o.action() + (team.isEmpty() ? "" : " for team " + team) + ": expected "
                    + expect.get().policyWord() + ", got " + o.decision().policyWord() + rule);
        }
        return Optional.empty();
    }
}

package dev.scc.safety.evaluator;

import dev.scc.safety.PolicyLoader;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.audit.AuditSink;
import dev.scc.safety.rules.Action;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Side-by-side benchmark (not a test; run by hand, issue 15): the evaluator's decision per action with 500 org rules
 * (command, file and MCP rules, a fifth of them shadow rules) against the same evaluator with the built-in pack alone,
 * interleaved round by round on the same actions (shell lines as a hook sends them, an argv as a wrapper sends it, a
 * file read and an MCP call as the file and MCP tools send them). Prints p50 and p99 per action in microseconds and the
 * ratio. Usage: ActionRulesBench [rules] [rounds].
 */
public final class ActionRulesBench {
    static final String[] LINES = {"git status", "terraform -chdir=infra destroy -auto-approve", "cd app && npm test",
        "kubectl --context prod get pods", "cat README.md | grep x", "sh -c 'make build && ./deploy.sh staging'",
        "git push --force origin main", "ls -la src"};

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Evaluator withRules = evaluator(PolicyLoader.parse(policy(n), "bench"));
        Evaluator builtIn = evaluator(PolicyLoader.parse("{\"action\":\"block\"}", "bench"));
        if (withRules.engine().policy().failure().isPresent()) {
            throw new IllegalStateException(withRules.engine().policy().failure().get());
        }
        for (int i = 0; i < rounds / 4; i++) { // warm-up
            once(withRules, i);
            once(builtIn, i);
        }
        long[] a = new long[rounds];
        long[] b = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            if (i % 2 == 0) {
                a[i] = once(withRules, i);
                b[i] = once(builtIn, i);
            } else {
                b[i] = once(builtIn, i);
                a[i] = once(withRules, i);
            }
        }
        Arrays.sort(a);
        Arrays.sort(b);
        System.out.printf("%d org rules: p50 %.1f us, p99 %.1f us; built-in pack alone: p50 %.1f us, p99 %.1f us; "
                + "p99 ratio %.2fx, p50 ratio %.2fx (%d actions each)%n", n, a[rounds / 2] / 1e3, a[rounds * 99 / 100] / 1e3,
                b[rounds / 2] / 1e3, b[rounds * 99 / 100] / 1e3, (double) a[rounds * 99 / 100] / b[rounds * 99 / 100],
                (double) a[rounds / 2] / b[rounds / 2], rounds);
    }

    private static Evaluator evaluator(SafetyPolicy p) {
        return new Evaluator(new SafetyEngine(p), ApprovalGate.NONE, AuditSink.NONE, "bench", name -> false, "sha256:bench");
    }

    private static long once(Evaluator e, int i) {
        long t0 = System.nanoTime();
        switch (i % 4) {
            case 0, 1 -> e.decideLine(LINES[i % LINES.length], "/workspace", "hook:claude");
            case 2 -> e.decideAction(new Action.FileRead("/workspace/src/app/config" + (i % 7) + ".yaml"), "/workspace", "hook:claude");
            default -> e.decideAction(new Action.McpCall("github", "list_issues", "{\"repo\":\"a/b\"}"), "/workspace", "hook:claude");
        }
        return System.nanoTime() - t0;
    }

    /** {@code n} rules over many programs, paths and MCP tools, as a large org might write them. */
    static String policy(int n) {
        List<String> rules = new ArrayList<>();
        String[] tools = {"terraform", "kubectl", "helm", "aws", "gcloud", "az", "pulumi", "npm", "mvn", "docker", "psql", "mysql"};
        for (int i = 0; i < n; i++) {
            String decision = i % 4 == 0 ? "deny" : i % 4 == 1 ? "warn" : i % 4 == 2 ? "require_approval" : "deny";
            String match;
            switch (i % 3) {
                case 0 -> match = "{\"command\":[\"" + tools[i % tools.length] + " sub" + i + "\",\"" + tools[(i + 1) % tools.length]
                        + " op" + i + " --flag" + i + "\"]}";
                case 1 -> match = "{\"file.read\":[\"**/secret" + i + "/**\",\"**/*.key" + i + "\"],\"file.write\":[\"/etc/app" + i + "/**\"]}";
                default -> match = "{\"mcp.call\":[\"server" + i + "/delete_*\",\"github/tool" + i + "\"]}";
            }
            rules.add("{\"id\":\"rule-" + i + "\",\"match\":" + match + ",\"decision\":\"" + decision + "\",\"reason\":\"r" + i + "\""
                    + (i % 5 == 0 ? ",\"enforce\":false" : "") + "}");
        }
        return "{\"action\":\"block\",\"rules\":[" + String.join(",", rules) + "]}";
    }
}

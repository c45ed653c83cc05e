package dev.scc.bench;

import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.rules.Action;
import dev.scc.safety.rules.ActionKind;
import dev.scc.safety.rules.ActionPattern;
import dev.scc.safety.rules.ActionRule;
import dev.scc.safety.rules.Match;
import dev.scc.safety.rules.Origin;
import dev.scc.safety.rules.RuleSet;
import dev.scc.safety.rules.RuleTests;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Action-rule evaluation in the sandbox's engine: the same command lines judged by the built-in pack alone and by
 * the built-in pack plus 500 org rules (300 command rules, many on the popular tools and some with a wildcard
 * program, 100 file rules, 100 MCP rules), in one run. SampleTime mode, so JMH reports p99 per action. The file and
 * MCP actions are judged by the rule set alone (no built-in rule covers them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class RuleEvalBenchmark {
    /** What an agent runs: mostly harmless, some guarded, some matched by org rules, through wrappers. */
    static final List<String> LINES = List.of(
            "git status", "ls -la src", "cd infra && terraform -chdir=prod plan -out tf.plan", "kubectl --context prod get pods -n api",
            "npm test -- --watch=false", "git push origin feature/x", "env TF_LOG=1 terraform destroy -auto-approve",
            "sh -c 'aws --profile prod s3 ls s3://bucket'", "mvn -B -q -pl api verify", "grep -rn TODO . | head -20",
            "kubectl --context prod delete ns api", "docker -H tcp://d:2375 ps", "helm --kube-context prod list",
            "curl -sS https://registry.npmjs.org/", "git reset --hard HEAD~1", "python3 -m pytest -q tests/");

    static final String[] POPULAR = {"kubectl", "terraform", "aws", "npm", "git", "helm", "docker", "mvn", "gcloud", "pulumi"};
    static final String[] WORDS = {"delete", "destroy", "apply", "publish", "rm", "rb", "deploy", "push", "uninstall", "drop"};

    SafetyEngine builtinOnly;
    SafetyEngine withOrgRules;
    RuleSet orgRules;
    List<Action> otherActions;
    int i;

    static List<ActionRule> orgRules(int n) {
        List<ActionRule> out = new ArrayList<>();
        Origin org = new Origin(Origin.Layer.ORG, "", "org.yaml");
        for (int k = 0; k < n; k++) {
            List<ActionPattern> ps = new ArrayList<>();
            int kind = k % 5;
            if (kind <= 2) {
                String prog = k % 25 == 0 ? "terra*" : k % 3 == 0 ? "tool" + k : POPULAR[k % POPULAR.length];
                String text = prog + " " + WORDS[k % WORDS.length] + (k % 4 == 0 ? " --context prod*" : "")
                        + (k % 7 == 0 ? " ** --force" : "");
                if (text.contains(" ** --force")) {
                    text = prog + " " + WORDS[k % WORDS.length] + " ** x" + k;
                }
                ps.add(ActionPattern.parse(ActionKind.COMMAND, text));
            } else if (kind == 3) {
                ps.add(ActionPattern.parse(k % 2 == 0 ? ActionKind.FILE_READ : ActionKind.FILE_WRITE, "**/secret" + k + "/*.pem"));
            } else {
                ps.add(ActionPattern.parse(ActionKind.MCP_CALL, "server" + (k % 13) + "/tool_" + k + "*"));
            }
            out.add(new ActionRule("org-rule-" + k, Match.of(ps), dev.scc.safety.Decision.values()[1 + k % 3], "r", Optional.empty(),
                    k % 10 != 0, RuleTests.NONE, org));
        }
        return out;
    }

    @Setup
    public void setUp() {
        SafetyPolicy base = SafetyPolicy.defaults("bench");
        builtinOnly = new SafetyEngine(base);
        orgRules = RuleSet.of(orgRules(500));
        withOrgRules = new SafetyEngine(base.withRules(orgRules));
        otherActions = List.of(new Action.FileRead("/workspace/app/src/Main.java"), new Action.FileRead("/workspace/secret40/k.pem"),
                new Action.FileWrite("/workspace/app/README.md"), new Action.McpCall("server3", "tool_42x", "{}"),
                new Action.McpCall("github", "list_issues", "{}"));
    }

    @Benchmark
    public Object commandBuiltinPackOnly() {
        return builtinOnly.evaluateLine(LINES.get(i++ & 15));
    }

    @Benchmark
    public Object commandBuiltinPlus500OrgRules() {
        return withOrgRules.evaluateLine(LINES.get(i++ & 15));
    }

    @Benchmark
    public Object commandBuiltinPlus500OrgRulesWithTrace() {
        return withOrgRules.judgeLine(LINES.get(i++ & 15));
    }

    @Benchmark
    public Object fileAndMcp500OrgRules() {
        return orgRules.evaluate(otherActions.get(i++ % 5));
    }
}

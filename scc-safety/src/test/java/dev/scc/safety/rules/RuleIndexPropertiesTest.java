package dev.scc.safety.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The rule set's indexes (by program, by a path name or extension the glob requires, by MCP server) and its
 * decision-only path give exactly what a linear scan over every rule in order gives: the same trace, the same shadow
 * matches, the same deciding rule (strictest, then layer, then id, then pattern), on generated rule sets and actions.
 */
class RuleIndexPropertiesTest {
    private static final List<String> PROGRAMS = List.of("terraform", "kubectl", "aws", "terra*", "*", "k*ctl", "git");
    private static final List<String> WORDS = List.of("destroy", "delete", "apply", "s3", "rb", "ns*", "**", "*");
    private static final List<String> OPTS = List.of("--force", "-auto-approve", "--context", "--context=prod*", "-n");
    private static final List<String> SEGMENTS = List.of("**", "*", "workspace", ".env", "*.pem", "secret*", "k.pem", "etc",
            "a*.tar.gz", "src", "*.env", "*e*");
    private static final List<String> NAMES = List.of("workspace", ".env", "k.pem", "a.b.pem", "x.tar.gz", "a1.tar.gz", "etc",
            "src", "secret1", "passwd", "prod.env", "pem");

    private static Arbitrary<ActionPattern> pattern() {
        Arbitrary<ActionPattern> commands = Combinators.combine(Arbitraries.of(PROGRAMS), Arbitraries.of(WORDS).list().ofMaxSize(2),
                Arbitraries.of(OPTS).list().ofMaxSize(1))
                .as((p, w, o) -> (ActionPattern) CommandPattern.parse(
                        String.join(" ", p, String.join(" ", w), String.join(" ", o)).replaceAll("\\s+", " ").strip()));
        Arbitrary<ActionPattern> paths = Combinators.combine(Arbitraries.of(ActionKind.FILE_READ, ActionKind.FILE_WRITE),
                Arbitraries.of("/", "**/"), Arbitraries.of(SEGMENTS).list().ofMinSize(1).ofMaxSize(3))
                .as((k, lead, segs) -> (ActionPattern) PathPattern.parse(k, lead + String.join("/", segs)));
        Arbitrary<ActionPattern> mcp = Combinators.combine(Arbitraries.of("github", "jira", "gh*", "*"),
                Arbitraries.of("delete_*", "list", "*", "merge_pull_request")).as((s, t) -> (ActionPattern) McpPattern.parse(s + "/" + t));
        Arbitrary<ActionPattern> other = Arbitraries.of("*.example.com", "registry.npmjs.org:443").map(DestinationPattern::parse);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, commands), net.jqwik.api.Tuple.of(3, paths),
                net.jqwik.api.Tuple.of(2, mcp), net.jqwik.api.Tuple.of(1, other));
    }

    @Provide
    Arbitrary<List<ActionRule>> ruleSets() {
        Arbitrary<ActionRule> rule = Combinators.combine(Arbitraries.integers().between(0, 60), pattern().list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(Decision.class), Arbitraries.of(true, true, true, false), Arbitraries.of(Origin.Layer.class))
                .as((n, ps, d, enforce, layer) -> new ActionRule("r" + n, Match.of(ps), d, "why " + n, Optional.empty(), enforce,
                        RuleTests.NONE, new Origin(layer, layer == Origin.Layer.TEAM ? "t" : "", layer.key() + ".yaml")));
        return rule.list().ofMaxSize(40).uniqueElements(ActionRule::id);
    }

    @Provide
    Arbitrary<Action> actions() {
        Arbitrary<Action> commands = Combinators.combine(Arbitraries.of("terraform", "/usr/local/bin/terraform", "kubectl", "aws",
                "git", "terragrunt", "ls"), Arbitraries.of("destroy", "delete", "apply", "s3", "rb", "ns", "prod", "--force", "--context",
                "--context=prod-eu", "-n", "x", "-auto-approve", "--").list().ofMaxSize(6))
                .as((p, w) -> {
                    List<String> argv = new ArrayList<>(List.of(p));
                    argv.addAll(w);
                    return (Action) Action.Command.of(argv);
                });
        Arbitrary<Action> files = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(NAMES).list().ofMaxSize(4))
                .as((read, names) -> {
                    String path = "/" + String.join("/", names);
                    return read ? (Action) new Action.FileRead(path) : new Action.FileWrite(path);
                });
        Arbitrary<Action> calls = Combinators.combine(Arbitraries.of("github", "jira", "ghx", "slack"),
                Arbitraries.of("delete_repo", "merge_pull_request", "list")).as((s, t) -> new Action.McpCall(s, t, ""));
        Arbitrary<Action> network = Arbitraries.of("api.example.com", "registry.npmjs.org").map(h -> new Action.Network("https", h, 443));
        return Arbitraries.oneOf(commands, files, calls, network);
    }

    /** The reference: every rule, in order, matched with all its patterns. */
    private static Evaluation linear(List<ActionRule> rules, List<Action> actions) {
        List<TraceEntry> hits = new ArrayList<>();
        for (Action a : actions) {
            for (ActionRule r : rules) {
                r.match().first(a).ifPresent(p -> hits.add(TraceEntry.of(r, p.text())));
            }
        }
        return hits.isEmpty() ? Evaluation.NONE : Evaluation.of(hits);
    }

    @Property(tries = 1500)
    void indexedEvaluationIsLinearEvaluation(@ForAll("ruleSets") List<ActionRule> rules, @ForAll("actions") Action action) {
        RuleSet set = RuleSet.of(rules);
        Evaluation expected = linear(rules, List.of(action));

        assertThat(set.evaluate(action)).isEqualTo(expected);
        assertThat(set.decidingRule(action)).isEqualTo(expected.decidingRule());
        if (action instanceof Action.Command) {
            assertThat(set.decidingCommandRule(((Action.Command) action).argv())).isEqualTo(expected.decidingRule());
        }
    }

    @Property(tries = 500)
    void indexedEvaluationOfSeveralActionsIsLinearEvaluation(@ForAll("ruleSets") List<ActionRule> rules,
            @ForAll("actions") Action first, @ForAll("actions") Action second) {
        RuleSet set = RuleSet.of(rules);

        assertThat(set.evaluate(List.of(first, second))).isEqualTo(linear(rules, List.of(first, second)));
    }

    private static ActionRule rule(String id, ActionKind kind, String pattern, Decision d) {
        return new ActionRule(id, Match.of(List.of(ActionPattern.parse(kind, pattern))), d, "r", Optional.empty(), true,
                RuleTests.NONE, new Origin(Origin.Layer.ORG, "", "org.yaml"));
    }

    @net.jqwik.api.Example
    void everyIndexFindsItsRules() {
        RuleSet set = RuleSet.of(List.of(rule("tf", ActionKind.COMMAND, "terraform destroy", Decision.BLOCK),
                rule("tf-any", ActionKind.COMMAND, "terra* apply", Decision.WARN),
                rule("env", ActionKind.FILE_READ, "**/.env", Decision.BLOCK),
                rule("pem", ActionKind.FILE_READ, "**/*.pem", Decision.REQUIRE_APPROVAL),
                rule("secret", ActionKind.FILE_WRITE, "/**/secret*/*", Decision.WARN),
                rule("gh", ActionKind.MCP_CALL, "github/delete_*", Decision.BLOCK),
                rule("merge", ActionKind.MCP_CALL, "*/merge_pull_request", Decision.REQUIRE_APPROVAL)));

        assertThat(set.evaluate(Action.Command.of(List.of("/usr/bin/terraform", "-chdir=x", "destroy"))).decision()).isEqualTo(Decision.BLOCK);
        assertThat(set.decidingCommandRule(List.of("terragrunt", "apply")).map(TraceEntry::ruleId)).contains("tf-any");
        assertThat(set.decidingRule(new Action.FileRead("/w/app/.env")).map(TraceEntry::ruleId)).contains("env");
        assertThat(set.decidingRule(new Action.FileRead("/home/a/id.b.pem")).map(TraceEntry::ruleId)).contains("pem");
        assertThat(set.decidingRule(new Action.FileRead("/home/a/pem")).map(TraceEntry::ruleId)).isEmpty();
        assertThat(set.decidingRule(new Action.FileWrite("/x/secret-1/k")).map(TraceEntry::ruleId)).contains("secret");
        assertThat(set.decidingRule(new Action.FileRead("/x/secret-1/k")).map(TraceEntry::ruleId)).isEmpty();
        assertThat(set.decidingRule(new Action.McpCall("github", "delete_repo", "")).map(TraceEntry::ruleId)).contains("gh");
        assertThat(set.decidingRule(new Action.McpCall("jira", "merge_pull_request", "")).map(TraceEntry::ruleId)).contains("merge");
        assertThat(set.decidingRule(new Action.McpCall("jira", "delete_repo", ""))).isEmpty();
        assertThat(set.rule("pem").map(ActionRule::decision)).contains(Decision.REQUIRE_APPROVAL);
    }
}

package dev.scc.safety.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.Decision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The trust hierarchy and determinism of rule evaluation, on generated rules and actions. */
class RuleTrustPropertiesTest {
    private static final List<String> PROGRAMS = List.of("terraform", "kubectl", "npm", "git", "aws");
    private static final List<String> WORDS = List.of("destroy", "delete", "apply", "publish", "push", "s3", "rb", "plan", "ns*", "**");
    private static final List<String> OPTS = List.of("--force", "-auto-approve", "--context", "--context=prod*", "-n");

    private static Arbitrary<String> commandPattern() {
        return Combinators.combine(Arbitraries.of(PROGRAMS), Arbitraries.of(WORDS).list().ofMaxSize(2),
                Arbitraries.of(OPTS).list().ofMaxSize(1))
                .as((p, w, o) -> String.join(" ", p, String.join(" ", w), String.join(" ", o)).replaceAll("\\s+", " ").strip());
    }

    private static Arbitrary<ActionPattern> pattern() {
        return Arbitraries.oneOf(
                commandPattern().map(CommandPattern::parse),
                Arbitraries.of("**/.env", "/etc/**", "**/*.pem", "/workspace/**").map(t -> PathPattern.parse(ActionKind.FILE_READ, t)),
                Arbitraries.of("github/*", "github/delete_*", "*/merge_pull_request").map(McpPattern::parse));
    }

    private static Arbitrary<ActionRule> rule(Origin.Layer layer) {
        Arbitrary<Decision> decisions = Arbitraries.of(Decision.class);
        return Combinators.combine(Arbitraries.integers().between(0, 30), pattern().list().ofMinSize(1).ofMaxSize(3), decisions,
                Arbitraries.of(true, true, true, false))
                .as((n, ps, d, enforce) -> new ActionRule(layer.key() + "-" + n, Match.of(ps), d, "r", Optional.empty(), enforce,
                        RuleTests.NONE, new Origin(layer, layer == Origin.Layer.TEAM ? "t" : "", layer.key() + ".yaml")));
    }

    @Provide
    Arbitrary<List<ActionRule>> orgRules() {
        return rule(Origin.Layer.ORG).list().ofMaxSize(8).uniqueElements(ActionRule::id);
    }

    @Provide
    Arbitrary<List<ActionRule>> teamRules() {
        return rule(Origin.Layer.TEAM).list().ofMaxSize(8).uniqueElements(ActionRule::id);
    }

    @Provide
    Arbitrary<List<ActionRule>> projectRules() {
        return rule(Origin.Layer.PROJECT).list().ofMaxSize(8).uniqueElements(ActionRule::id);
    }

    @Provide
    Arbitrary<Action> actions() {
        Arbitrary<Action> commands = Combinators.combine(Arbitraries.of(PROGRAMS),
                Arbitraries.of("destroy", "delete", "apply", "publish", "push", "s3", "rb", "ns", "prod", "--force", "--context",
                        "--context=prod-eu", "-n", "x", "-auto-approve").list().ofMaxSize(6))
                .as((p, w) -> {
                    List<String> argv = new ArrayList<>(List.of(p));
                    argv.addAll(w);
                    return (Action) Action.Command.of(argv);
                });
        Arbitrary<Action> reads = Arbitraries.of("/workspace/.env", "/etc/passwd", "/home/a/k.pem", "/workspace/src/A.java")
                .map(Action.FileRead::new);
        Arbitrary<Action> calls = Combinators.combine(Arbitraries.of("github", "jira"), Arbitraries.of("delete_repo",
                "merge_pull_request", "list")).as((s, t) -> new Action.McpCall(s, t, ""));
        return Arbitraries.oneOf(commands, reads, calls);
    }

    @Property(tries = 500)
    void noLowerLayerEverLoosensAnOrgDecision(@ForAll("orgRules") List<ActionRule> org, @ForAll("teamRules") List<ActionRule> team,
            @ForAll("projectRules") List<ActionRule> project, @ForAll("actions") Action action) {
        Decision orgOnly = RuleSet.of(org).evaluate(action).decision();
        Set<String> lifted = Set.of("org-1", "org-2", "team-1", "project-1");
        RuleLayers.Result merged = RuleLayers.merge(org, List.of(new RuleLayers.Layer(team, Optional.empty()),
                new RuleLayers.Layer(project, Optional.empty())), lifted);
        Decision effective = merged.rules().evaluate(action).decision();
        assertThat(effective).as(action.canonical()).isGreaterThanOrEqualTo(orgOnly);
        assertThat(merged.rules().rules()).containsAll(org);
        assertThat(merged.rules().rules()).filteredOn(r -> r.origin().layer() != Origin.Layer.ORG)
                .allSatisfy(r -> assertThat(r.decision()).isNotEqualTo(Decision.ALLOW));
    }

    @Property(tries = 300)
    void undelegatedLayersAddNothingAndAreReported(@ForAll("orgRules") List<ActionRule> org, @ForAll("teamRules") List<ActionRule> team,
            @ForAll("actions") Action action) {
        RuleLayers.Result merged = RuleLayers.merge(org, List.of(new RuleLayers.Layer(team, Optional.of("not delegated"))), Set.of());
        assertThat(merged.rules().evaluate(action)).isEqualTo(RuleSet.of(org).evaluate(action));
        assertThat(merged.refused()).hasSize(team.size());
    }

    @Property(tries = 500)
    void evaluationIsDeterministicWhateverTheOrderOfTheRules(@ForAll("orgRules") List<ActionRule> org,
            @ForAll("teamRules") List<ActionRule> team, @ForAll("actions") Action action, @ForAll long seed) {
        List<ActionRule> all = new ArrayList<>(org);
        all.addAll(team);
        Evaluation first = RuleSet.of(all).evaluate(action);
        List<ActionRule> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(RuleSet.of(shuffled).evaluate(action)).isEqualTo(first);
        assertThat(RuleSet.of(all).evaluate(action)).isEqualTo(first);
        Decision strictest = first.trace().stream().map(TraceEntry::decision).max(Decision::compareTo).orElse(Decision.ALLOW);
        assertThat(first.decision()).isEqualTo(strictest);
        assertThat(first.trace()).noneMatch(TraceEntry::shadow);
        assertThat(first.shadow()).allMatch(TraceEntry::shadow);
    }
}

package dev.scc.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Git aliases: inline ones are expanded by the engine; others are resolved by git itself through the wrapper. */
class GitAliasTest {
    private static final SafetyEngine E = Cases.DEFAULT;

    @Test
    void gitsOwnCommandsNeverNeedAnAliasQuery() {
        assertThat(E.aliasQuery(List.of("git", "status"))).isEmpty();
        assertThat(E.aliasQuery(List.of("/usr/bin/git", "-C", "/r", "push", "-f"))).isEmpty();
        assertThat(E.aliasQuery(List.of("git", "--help", "nuke"))).isEmpty();
        assertThat(E.aliasQuery(List.of("git", "-c", "alias.nuke=push -f", "nuke"))).isEmpty();
        assertThat(E.aliasQuery(List.of("curl", "nuke"))).isEmpty();
    }

    @Test
    void unknownSubcommandIsQueriedWithTheSameGlobalOptions() {
        assertThat(E.aliasQuery(List.of("git", "-C", "/repo", "--no-pager", "nuke", "origin")))
                .contains(List.of("-C", "/repo", "--no-pager", "config", "--get", "alias.nuke"));
    }

    @Test
    void noQueryWhenThePolicyIsBrokenOrOff() {
        assertThat(new SafetyEngine(SafetyPolicyLoader.parse("{\"action\":7}", "p")).aliasQuery(List.of("git", "nuke"))).isEmpty();
        assertThat(new SafetyEngine(SafetyPolicyLoader.parse("{\"action\":\"allow\"}", "p")).aliasQuery(List.of("git", "nuke"))).isEmpty();
    }

    @Test
    void resolvedAliasIsJudgedByItsExpansion() {
        List<String> argv = List.of("git", "nuke", "origin", "main");
        Verdict push = E.evaluateResolvedArgv(argv, 0, "push --force\n");
        assertThat(push.rule()).contains("git.force_push");
        assertThat(push.reason()).contains("reached through git alias nuke");
        assertThat(push.command()).containsExactly("git", "push", "--force", "origin", "main");
        assertThat(E.evaluateResolvedArgv(List.of("git", "wipe"), 0, "!f() { git reset --hard; }; f").rule()).contains("git.reset_hard");
        assertThat(E.evaluateResolvedArgv(List.of("git", "lg"), 0, "log --oneline --graph").decision()).isEqualTo(Decision.ALLOW);
        assertThat(E.evaluateResolvedArgv(List.of("git", "lg"), 1, "").decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void unresolvableOrChainedAliasesAreBlocked() {
        Verdict failed = E.evaluateResolvedArgv(List.of("git", "x"), 128, "");
        assertThat(failed.decision()).isEqualTo(Decision.BLOCK);
        assertThat(failed.reason()).contains("could not resolve the alias");
        Verdict chained = E.evaluateResolvedArgv(List.of("git", "x"), 0, "nuke");
        assertThat(chained.decision()).isEqualTo(Decision.BLOCK);
        assertThat(chained.reason()).contains("another alias");
    }

    @Test
    void inlineAliasChainsAreFollowed() {
        assertThat(Cases.line("git -c alias.a=b -c alias.b='push -f' a").rule()).contains("git.force_push");
        assertThat(Cases.line("git -c alias.a='log -1' a").decision()).isEqualTo(Decision.ALLOW);
    }
}

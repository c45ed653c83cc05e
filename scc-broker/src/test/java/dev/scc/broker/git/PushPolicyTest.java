package dev.scc.broker.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PushPolicyTest {
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String Z = "0".repeat(40);
    final PushPolicy policy = new PushPolicy(List.of("main", "release/*"), Set.of());

    @Test
    void updatingAProtectedBranchIsStopped() {
        assertThat(policy.judge(new RefUpdate(A, B, "refs/heads/main"))).isInstanceOfSatisfying(
                PushPolicy.Verdict.Stop.class, s -> {
                    assertThat(s.rule()).isEqualTo("git.push_protected_branch");
                    assertThat(s.approval()).isFalse();
                });
        assertThat(policy.judge(new RefUpdate(Z, B, "refs/heads/release/2026/1")))
                .isInstanceOf(PushPolicy.Verdict.Stop.class);
    }

    @Test
    void deletingAnyRefIsStopped() {
        assertThat(policy.judge(new RefUpdate(A, Z, "refs/heads/feature"))).isInstanceOfSatisfying(
                PushPolicy.Verdict.Stop.class, s -> assertThat(s.rule()).isEqualTo("git.push_delete"));
        assertThat(policy.judge(new RefUpdate(A, Z, "refs/tags/v1"))).isInstanceOf(PushPolicy.Verdict.Stop.class);
    }

    @Test
    void featureBranchesTagsAndLookalikesPass() {
        for (String ref : List.of("refs/heads/feature/main", "refs/heads/mainline", "refs/tags/main",
                "refs/heads/releases")) {
            assertThat(policy.judge(new RefUpdate(A, B, ref))).as(ref).isInstanceOf(PushPolicy.Verdict.Allow.class);
        }
    }

    @Test
    void requireApprovalTurnsStopsIntoApprovalRequests() {
        PushPolicy p = new PushPolicy(List.of("main"), Set.of("git.push_protected_branch", "git.push_delete"));
        assertThat(p.judge(List.of(new RefUpdate(A, B, "refs/heads/main"), new RefUpdate(A, Z, "refs/heads/x"))))
                .allSatisfy(v -> assertThat(((PushPolicy.Verdict.Stop) v).approval()).isTrue());
    }
}

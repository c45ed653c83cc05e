package dev.scc.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.app.launch.GovernedLaunch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A standalone session (no org) on a real engine, launched from the spec {@code scc start} builds without an org:
 * the sandbox gets the default safety policy, so ordinary git and curl to an allowed destination work instead of
 * failing closed for want of a policy, and the default rules still block a force push.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneSandboxIT {
    E2eEngine t;
    E2eEngine.Launched launched;

    @BeforeAll
    void launch() throws Exception {
        t = new E2eEngine();
        launched = t.launchStandalone();
    }

    @AfterAll
    void release() {
        E2eEngine.release(t, launched);
    }

    @Test
    void theDefaultPolicyIsPlacedRootOwnedAndReadOnly() {
        E2eEngine.Exec policy = launched.exec("cat", GovernedLaunch.SAFETY_POLICY_PATH);
        assertThat(policy.code()).as(policy.toString()).isZero();
        assertThat(policy.out()).contains("allowed_destinations", "web.test", "api.anthropic.com");
        assertThat(launched.sh("echo x >> " + GovernedLaunch.SAFETY_POLICY_PATH).code()).isNotZero();
    }

    @Test
    void ordinaryGitWorksAndAForcePushIsBlocked() {
        E2eEngine.Exec setup = launched.sh("set -e; cd /workspace; git init -q --bare origin.git; git init -q -b main repo;"
                + " cd repo; git -c user.email=a@example.invalid -c user.name=a commit -q --allow-empty -m one;"
                + " git remote add origin /workspace/origin.git; git push -q origin main; git status --short");
        assertThat(setup.code()).as(setup.toString()).isZero();
        E2eEngine.Exec push = launched.sh("cd /workspace/repo && git push --force origin main");
        assertThat(push.code()).as(push.toString()).isEqualTo(126);
        assertThat(push.err()).contains("BLOCKED").contains("git.force_push");
    }

    @Test
    void curlReachesAnAllowedDestination() {
        E2eEngine.Exec allowed = launched.exec("curl", "-s", "-m", "10", "-o", "/dev/null", "-w", "%{http_code}",
                "http://web.test/");
        assertThat(allowed.code()).as(allowed.toString()).isZero();
        assertThat(allowed.out()).isEqualTo("200");
    }
}

package dev.scc.broker.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.broker.config.BrokerConfig;
import dev.scc.broker.testing.BrokerFixture;
import dev.scc.broker.testing.Git;
import dev.scc.testkit.git.GitHttpsHost;
import dev.scc.broker.testing.Orgs;
import dev.scc.broker.testing.TestTls;
import dev.scc.policy.approval.ApprovalRequest;
import dev.scc.policy.approval.ApprovalStore;
import dev.scc.safety.approval.FileApprovalGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real git client pushing and fetching through the broker to the tests' "github.com": {@code git http-backend}
 * behind TLS (test CA) on loopback, which answers 401 to anything without the real token. The client's only
 * configuration is the rewrite the sandbox's system git config carries ({@code https://github.com/} to the broker),
 * and it holds no credential at all.
 */
class GitPushThroughBrokerIT {
    static final String TOKEN = "ghp_" + "T0kenT0kenT0kenT0kenT0kenT0ke" + "n12345a";

    @TempDir
    Path tmp;
    Git git;
    GitHttpsHost github;
    BrokerFixture broker;
    Path bare;
    Path work;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Git.require();
        Path home = Files.createDirectories(tmp.resolve("home"));
        git = new Git(home);
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        git.ok(seed, "init", "-q", "-b", "main");
        git.ok(seed, "config", "user.email", "dev@example.com");
        git.ok(seed, "config", "user.name", "Dev");
        Files.writeString(seed.resolve("README.md"), "hello\n");
        git.ok(seed, "add", ".");
        git.ok(seed, "commit", "-q", "-m", "first");
        bare = tmp.resolve("github/acme/app.git");
        Files.createDirectories(bare.getParent());
        git.ok(tmp, "clone", "-q", "--bare", seed.toString(), bare.toString());
        github = new GitHttpsHost(tmp.resolve("github"), TOKEN, TestTls.server("test"));
        open.add(github);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    void startBroker(String safetyNet, FileApprovalGate gate) throws Exception {
        BrokerConfig config = Orgs.config(Orgs.header() + """
                security:
                  safety_net: %s
                broker:
                  ca_bundle: %s
                  credentials:
                    github-token: {env: GITHUB_TOKEN}
                  destinations:
                    - {name: github, type: git, host: github.com, upstream: "%s", credential: github-token}
                """.formatted(safetyNet, TestTls.testCa(), github.uri()));
        broker = gate == null
                ? new BrokerFixture(config, Map.of("github-token", TOKEN), tmp.resolve("audit.jsonl"))
                : new BrokerFixture(config, Map.of("github-token", TOKEN), tmp.resolve("audit.jsonl"), gate);
        open.add(broker);
        git.ok(tmp, "config", "--global", "url." + broker.uri() + "/git/github.com/.insteadOf", "https://github.com/");
        git.ok(tmp, "config", "--global", "user.email", "agent@example.com");
        git.ok(tmp, "config", "--global", "user.name", "Agent");
        git.ok(tmp, "clone", "-q", "https://github.com/acme/app.git", "work");
        work = tmp.resolve("work");
    }

    void startBroker() throws Exception {
        startBroker("{protected_branches: [main, release/*]}", null);
    }

    String commit(String file) throws Exception {
        Files.writeString(work.resolve(file), file + "\n");
        git.ok(work, "add", file);
        git.ok(work, "commit", "-q", "-m", "change " + file);
        return git.ok(work, "rev-parse", "HEAD").strip();
    }

    String remoteRef(String ref) throws Exception {
        Git.Result r = git.run(bare, "rev-parse", "--verify", "-q", ref);
        return r.exit() == 0 ? r.output().strip() : "";
    }

    @Test
    void fetchThroughTheBrokerCarriesTheTokenTheClientNeverHad() throws Exception {
        startBroker();

        assertThat(work.resolve("README.md")).hasContent("hello");
        assertThat(github.authorizations()).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("Basic "));
        git.ok(work, "fetch", "-q", "origin");
        assertThat(git.ok(work, "config", "--get", "remote.origin.url").strip())
                .isEqualTo("https://github.com/acme/app.git");
    }

    @Test
    void forcePushToMainIsRefusedByTheBroker() throws Exception {
        startBroker();
        String before = remoteRef("main");
        git.ok(work, "commit", "-q", "--amend", "-m", "rewritten");

        Git.Result r = git.run(work, "push", "--force", "origin", "main");

        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("[remote rejected] main -> main (refused by SCC (git.push_protected_branch))")
                .contains("remote: SCC: push refused: branch main is protected");
        assertThat(remoteRef("main")).isEqualTo(before);
    }

    @Test
    void pushToAFeatureBranchPasses() throws Exception {
        startBroker();
        String head = commit("feature.txt");

        Git.Result r = git.run(work, "push", "origin", "HEAD:refs/heads/feature/login");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(remoteRef("feature/login")).isEqualTo(head);
    }

    @Test
    void deletingABranchIsRefusedAndTheBranchStays() throws Exception {
        startBroker();
        String head = commit("f.txt");
        git.ok(work, "push", "-q", "origin", "HEAD:refs/heads/feature/old");

        Git.Result r = git.run(work, "push", "origin", "--delete", "feature/old");

        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("[remote rejected] feature/old (refused by SCC (git.push_delete))");
        assertThat(remoteRef("feature/old")).isEqualTo(head);
        JsonNode decision = new ObjectMapper().readTree(Files.readAllLines(tmp.resolve("audit.jsonl")).get(0));
        assertThat(decision.path("kind").asText()).isEqualTo("broker.decision");
        assertThat(decision.path("details").path("rule").asText()).isEqualTo("git.push_delete");
        assertThat(decision.path("target").asText()).isEqualTo("github.com/acme/app.git refs/heads/feature/old");
    }

    @Test
    void pushMixingAProtectedAndAFeatureRefIsRefusedAsAWhole() throws Exception {
        startBroker();
        String before = remoteRef("main");
        commit("both.txt");

        Git.Result r = git.run(work, "push", "origin", "HEAD:main", "HEAD:refs/heads/feature/both");

        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("feature/both (not pushed: another update in this push was refused)");
        assertThat(remoteRef("main")).isEqualTo(before);
        assertThat(remoteRef("feature/both")).isEmpty();
    }

    @Test
    void pushThatAvoidsTheBrokerHasNoCredentialAndFails() throws Exception {
        startBroker();
        commit("direct.txt");

        Git.Result r = git.run(work, "-c", "http.sslCAInfo=" + TestTls.testCa(), "push", github.uri() + "/acme/app.git",
                "HEAD:refs/heads/feature/direct");

        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).containsAnyOf("Authentication failed", "could not read Username");
        assertThat(remoteRef("feature/direct")).isEmpty();
    }

    @Test
    void protectedBranchPushWaitsForApprovalAndPassesOnceApproved() throws Exception {
        Path approvals = tmp.resolve("approvals");
        ApprovalStore store = ApprovalStore.initialize(approvals, Clock.systemUTC());
        FileApprovalGate gate = new FileApprovalGate(approvals.resolve(ApprovalStore.REQUESTS),
                approvals.resolve(ApprovalStore.ANSWERS), FileApprovalGate.readKey(approvals.resolve("key")),
                Clock.systemUTC(), Duration.ofMinutes(10));
        startBroker("{protected_branches: [main], require_approval: [git.push_protected_branch]}", gate);
        String head = commit("approved.txt");

        Git.Result first = git.run(work, "push", "origin", "main");

        assertThat(first.exit()).isNotZero();
        assertThat(first.output()).contains("approval required (git.push_protected_branch)")
                .contains("APPROVAL REQUIRED");
        List<ApprovalRequest> pending = store.pending();
        assertThat(pending).hasSize(1);
        store.approve(pending.get(0).id(), "lead", "release", Duration.ofMinutes(5));

        Git.Result second = git.run(work, "push", "origin", "main");

        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(remoteRef("main")).isEqualTo(head);
    }

    @Test
    void withTheBrokerDownPushAndFetchFailClosed() throws Exception {
        startBroker();
        commit("down.txt");
        broker.close();

        Git.Result push = git.run(work, "push", "origin", "HEAD:refs/heads/feature/down");
        Git.Result fetch = git.run(work, "fetch", "origin");

        assertThat(push.exit()).isNotZero();
        assertThat(push.output()).contains("Failed to connect");
        assertThat(fetch.exit()).isNotZero();
        assertThat(remoteRef("feature/down")).isEmpty();
    }
}

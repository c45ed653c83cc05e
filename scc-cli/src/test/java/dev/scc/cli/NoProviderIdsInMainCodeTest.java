package dev.scc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.spi.AgentProviderRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Providers are plug-ins: the main code of core, policy, the CLI and the Docker runtime (and the application layer,
 * once it exists) names none of them. A string literal in which an installed provider's id appears as a word
 * ({@code "claude"}, {@code "codex"}, {@code "… claude or codex"}) fails; everything they need comes from
 * {@link dev.scc.core.spi.AgentProviderRegistry}.
 *
 * <p>An agent's own workspace directory ({@code ".claude"}, {@code ".gemini/settings.json"}) is flagged too: which
 * workspace files an agent trusts is its provider's declaration ({@code AgentProvider.workspaceConfigPaths()}).
 * What is not a provider id is not flagged: a word inside a longer name ({@code claude-plugins-official},
 * {@code .claude-plugin}, {@code /etc/codex/}), which are file formats and paths other code defines, and comments,
 * which may explain history or give examples. The example lines of picocli help footers ({@code "  scc start --provider codex"}) are user
 * documentation, not a list the code acts on, so a literal that starts with {@code "  scc "} may show an id; help
 * descriptions that list the providers are flagged (they would be wrong as soon as a third one is installed).
 */
class NoProviderIdsInMainCodeTest {
    private static final List<String> MODULES = List.of("scc-core", "scc-policy", "scc-cli", "scc-runtime-docker",
            "scc-app");
    /** How a help footer's example line starts. */
    private static final String EXAMPLE = "  scc ";
    /** Literals that may stay, as "path: literal" with the reason beside it. Empty: nothing needs to. */
    private static final Set<String> ALLOWED = Set.of();

    @Test
    void noStringLiteralInTheMainCodeNamesAnInstalledProvider() throws IOException {
        List<String> ids = AgentProviderRegistry.load().ids();
        assertThat(ids).as("the scan needs the installed providers on the test class path").isNotEmpty();
        Pattern word = providerWord(ids);
        Path root = RealParts.repoRoot();
        List<String> found = new ArrayList<>();
        int scanned = 0;
        for (String module : MODULES) {
            Path src = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.walk(src)) {
                files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path f : files) {
                scanned++;
                String rel = root.relativize(f).toString();
                for (String literal : literals(Files.readString(f, StandardCharsets.UTF_8))) {
                    if (word.matcher(literal).find() && !literal.startsWith(EXAMPLE)
                            && !ALLOWED.contains(rel + ": " + literal)) {
                        found.add(rel + ": \"" + literal + "\"");
                    }
                }
            }
        }
        assertThat(scanned).as("Java files scanned").isGreaterThan(100);
        assertThat(found).as("provider ids in main code (ask AgentProviderRegistry instead)").isEmpty();
    }

    @Test
    void anAgentsWorkspaceDirectoryIsFlaggedButALongerNameIsNot() {
        Pattern word = providerWord(List.of("claude", "codex"));
        assertThat(List.of(".claude", ".envrc, .claude, .mcp.json", ".codex/config.toml", "claude"))
                .allMatch(l -> word.matcher(l).find());
        assertThat(List.of(".claude-plugin/marketplace.json", "/etc/codex/requirements.toml", "claude-plugins-official"))
                .noneMatch(l -> word.matcher(l).find());
    }

    @Test
    void theScannerSeesLiteralsAndTextBlocksButNotComments() {
        String java = """
                // "claude" in a line comment
                /* "codex" in a block comment */
                class X { String a = "real \\" quote"; char c = '"'; String b = \"""
                    text block
                    \"""; String url = "http://x//y"; }
                """;
        assertThat(literals(java)).containsExactly("real \\\" quote", "    text block\n    ", "http://x//y");
    }

    /** An id as a word, or as an agent's workspace directory ({@code .ID}), not inside a longer name. */
    static Pattern providerWord(List<String> ids) {
        return Pattern.compile("(?<![A-Za-z0-9_./-])\\.?(" + String.join("|", ids) + ")(?![A-Za-z0-9_-])",
                Pattern.CASE_INSENSITIVE);
    }

    /** The string literals (and text blocks) of a Java source, comments skipped; escapes left as written. */
    static List<String> literals(String src) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                i = src.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'') {
                i++;
                while (i < n && src.charAt(i) != '\'') {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (src.startsWith("\"\"\"", i)) {
                int start = src.indexOf('\n', i) + 1;
                int end = start;
                while (!src.startsWith("\"\"\"", end) || src.charAt(end - 1) == '\\') {
                    end++;
                }
                out.add(src.substring(start, end));
                i = end + 3;
            } else if (c == '"') {
                int start = ++i;
                while (i < n && src.charAt(i) != '"') {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                out.add(src.substring(start, i));
                i++;
            } else {
                i++;
            }
        }
        return out;
    }
}

package dev.scc.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding snippet is code that works: it is compiled exactly as the README shows it (only the org's
 * URL is replaced by a local org file) and run in a fresh JVM whose home, environment and working directory are the
 * test's, with {@code SCC_RUNTIME=in-memory} selecting the testkit's in-memory runtime (registered for these tests in
 * {@code META-INF/services}). The launch must succeed and be recorded in that home's audit log.
 */
class ReadmeEmbeddingSnippetTest {
    private static final String ORG_URL = "\"https://policy.corp.example/org.yaml\"";

    @TempDir
    Path home;

    @TempDir
    Path workspace;

    @TempDir
    Path classes;

    @Test
    void theReadmeSnippetLaunchesAGovernedSessionAsWritten() throws Exception {
        String snippet = snippet(Path.of("..", "README.md"));
        assertThat(snippet).contains(ORG_URL, "GovernedSessions.standard(", "scc.launch(plan)");
        Path org = home.resolve("org.yaml");
        try (InputStream in = ReadmeEmbeddingSnippetTest.class.getResourceAsStream("/embedding/org.yaml")) {
            Files.copy(in, org);
        }
        Path source = classes.resolve("PlatformTool.java");
        Files.writeString(source, """
                import dev.scc.app.GovernedSessions;
                import dev.scc.core.runtime.RuntimeBackend;
                import dev.scc.core.runtime.RuntimeBackends;
                import dev.scc.core.runtime.Session;
                import java.nio.file.Path;
                import java.util.Optional;

                public class PlatformTool {
                    public static void main(String[] args) {
                        Path workspace = Path.of(args[0]);
                %s
                        System.out.println("SESSION " + session.provider() + " " + session.team().orElse("") + " "
                                + session.live());
                    }
                }
                """.formatted(snippet.replace(ORG_URL, '"' + org.toString().replace("\\", "\\\\") + '"')));
        String classpath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", classes.toString(), "-classpath", classpath,
                source.toString());
        assertThat(compiled).as("the README snippet compiles").isZero();

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-cp", classes + java.io.File.pathSeparator + classpath, "PlatformTool",
                workspace.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workspace.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(Map.of("HOME", home.toString(), "SCC_RUNTIME", "in-memory",
                "ANTHROPIC_API_KEY", "sk-test", "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SESSION claude backend true");
        Path audit = home.resolve(".local/state/scc/audit/audit.jsonl");
        assertThat(audit).as("the launch is audited under the embedding user's state").exists();
        assertThat(Files.readString(audit)).contains("\"kind\":\"launch\"");
    }

    /** The first {@code java} block of the README's "Embedding" section. */
    static String snippet(Path readme) throws IOException {
        String text = Files.readString(readme);
        int section = text.indexOf("\n## Embedding\n");
        assertThat(section).as("README has an Embedding section").isPositive();
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(m.find(section)).as("the Embedding section has a java block").isTrue();
        return m.group(1);
    }
}

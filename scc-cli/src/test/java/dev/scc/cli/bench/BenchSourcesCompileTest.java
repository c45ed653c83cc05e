package dev.scc.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The single-file Java programs under {@code bench/} (run with {@code java --source 17} by the bench scripts) still
 * compile against this build: an API change must not leave a benchmark broken until someone runs it by hand.
 */
class BenchSourcesCompileTest {
    private static final Path BENCH = Path.of("..", "bench").toAbsolutePath().normalize();

    @TempDir Path out;

    static Stream<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(BENCH)) {
            List<Path> found = s.filter(p -> p.toString().endsWith(".jsrc") || p.toString().endsWith(".java")).sorted().toList();
            assertThat(found).as("bench sources under " + BENCH).isNotEmpty();
            return found.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void compilesAgainstThisBuild(Path source) throws IOException {
        String name = source.getFileName().toString().replaceFirst("\\.(jsrc|java)$", "");
        String code = Files.readString(source);
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean ok = javac.getTask(null, null, diagnostics, List.of("--release", "17", "-proc:none", "-d", out.toString(),
                "-cp", System.getProperty("java.class.path")), null, List.of(unit)).call();
        assertThat(ok).as(source + ": " + diagnostics.getDiagnostics()).isTrue();
    }
}

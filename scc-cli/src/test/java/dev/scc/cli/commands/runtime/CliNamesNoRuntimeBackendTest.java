package dev.scc.cli.commands.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CLI reaches runtimes only through the {@code RuntimeBackend} SPI and its registry: no main source of scc-cli
 * names a backend's package or class (scc-runtime-docker is a runtime-scoped dependency, there for packaging).
 */
class CliNamesNoRuntimeBackendTest {
    /** A backend module's package ({@code dev.scc.runtime.<backend>}) or a backend class; the SPI is dev.scc.core.runtime. */
    static final Pattern BACKEND = Pattern.compile("\\bdev\\.scc\\.runtime\\.|\\bDocker(RuntimeBackend|BackendConfig)\\b");

    static List<String> violations(Path sources) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (BACKEND.matcher(lines.get(i)).find()) {
                        found.add(sources.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        return found;
    }

    @Test
    void cliMainCodeNamesNoConcreteRuntimeBackend() throws IOException {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        assertThat(violations(main)).isEmpty();
    }

    @Test
    void theCheckFindsAnImportOfTheDockerBackend(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("A.java"), "package x;\nimport dev.scc.runtime.docker.DockerRuntimeBackend;\n");
        Files.writeString(tmp.resolve("B.java"), "package x;\nimport dev.scc.core.runtime.RuntimeBackend;\n");
        Files.writeString(tmp.resolve("C.java"), "package x;\nclass C { Object b = new DockerBackendConfig(); }\n");
        assertThat(violations(tmp)).containsExactly("A.java:2: import dev.scc.runtime.docker.DockerRuntimeBackend;",
                "C.java:2: class C { Object b = new DockerBackendConfig(); }");
    }
}

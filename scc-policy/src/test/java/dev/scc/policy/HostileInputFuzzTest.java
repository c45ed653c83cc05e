package dev.scc.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.merge.Canonical;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.text.Printable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * The fuzzing harness for issue 17's classes of hostile input, kept so they cannot come back unnoticed: documents
 * for every layer assembled from hostile fragments (alias chains, control characters, padded, mixed-case and
 * look-alike enum values, deep nesting, long strings) and every kind of file in a document's place. Outcome is
 * always a loaded document whose text is printable and whose MCP servers are canonical, or a
 * {@link PolicyDocumentException} naming the file; never another exception, a hang or an exhausted heap.
 *
 * <p>The document property takes jqwik's default number of tries (150 in the normal build, set in this module's junit-platform.properties); the {@code fuzz}
 * Maven profile of this module runs only the fuzz tests with 20 000 ({@code mvn -Pfuzz -pl scc-policy -am verify}).
 */
class HostileInputFuzzTest {
    private Path dir;

    @BeforeTry
    void tempDir() throws Exception {
        dir = Files.createTempDirectory("scc-fuzz-");
    }

    @AfterTry
    void cleanUp() throws Exception {
        try (var w = Files.walk(dir)) {
            w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<String> fragment() {
        Arbitrary<String> enumValue = Arbitraries.of("stdio", "sse", "http", "open", "locked-down-web",
                "web-egress-enforced", "claude", "codex").flatMap(v -> Arbitraries.of(v, " " + v, v + " ",
                v.toUpperCase(java.util.Locale.ROOT), v.replace('o', '\u043e'), v.replace('e', '\u0435'), v + "\u200b"));
        Arbitrary<String> control = Arbitraries.of("\\e[2J", "\\e]0;x\\a", "\\r", "\\x9b", "\\u202e", "\\0", "\\t", "\\n");
        Arbitrary<String> aliasChain = Combinators.combine(Arbitraries.integers().between(1, 9),
                Arbitraries.integers().between(1, 9)).as((levels, width) -> {
                    StringBuilder sb = new StringBuilder("x0: &x0 [a, b]\n");
                    for (int i = 1; i < levels; i++) {
                        sb.append("x").append(i).append(": &x").append(i).append(" [");
                        for (int j = 0; j < width; j++) {
                            sb.append(j == 0 ? "" : ", ").append("*x").append(i - 1);
                        }
                        sb.append("]\n");
                    }
                    return sb.toString();
                });
        Arbitrary<String> nesting = Arbitraries.integers().between(1, 400).map(d -> "deep: " + "[".repeat(d) + "]".repeat(d) + "\n");
        Arbitrary<String> longString = Arbitraries.integers().between(1, 50_000).map(n -> "long: \"" + "y".repeat(n) + "\"\n");
        Arbitrary<String> value = Combinators.combine(enumValue, control).as((e, c) -> e + c);
        Arbitrary<String> field = Combinators.combine(Arbitraries.of("network_policy", "selected_provider", "type",
                "name", "description", "timeout_hours"), Arbitraries.oneOf(enumValue, value, Arbitraries.of("-5", "25", "1e9")))
                .as((k, v) -> k + ": \"" + v + "\"\n");
        Arbitrary<String> mcp = Combinators.combine(enumValue, value).as((t, n) -> "additional_mcp_servers:\n  - {name: \""
                + n + "\", type: \"" + t + "\", command: \"/opt/ok/../../bin/sh\", url: \"https://a/\"}\n");
        return Arbitraries.oneOf(aliasChain, nesting, longString, field, mcp, value.map(v -> "k: \"" + v + "\"\n"));
    }

    @Property
    void everyLayerLoadsCleanlyOrFailsWithADocumentError(@ForAll("fragment") String a, @ForAll("fragment") String b)
            throws Exception {
        String body = a + b;
        PolicyLoader loader = PolicyLoader.standard();
        Path project = Files.writeString(dir.resolve(".scc.yaml"), body, StandardCharsets.UTF_8);
        Path user = Files.writeString(dir.resolve("config.yaml"), body, StandardCharsets.UTF_8);
        String org = "schema_version: \"1.0.0\"\norganization: {name: Acme, id: acme}\n";
        try {
            Optional<ProjectConfig> p = loader.loadProject(project);
            p.ifPresent(x -> x.additionalMcpServers().forEach(s -> assertThat(Canonical.mcpProblem(s)).isEmpty()));
        } catch (PolicyDocumentException e) {
            assertThat(e.getMessage()).contains(project.toString());
        }
        try {
            loader.loadUser(user);
        } catch (PolicyDocumentException e) {
            assertThat(e.getMessage()).contains(user.toString());
        }
        for (String doc : List.of(org + body, org + "profiles:\n  t:\n    " + body.replace("\n", "\n    "))) {
            try {
                OrgConfig c = loader.parseOrg("org.yaml", doc.getBytes(StandardCharsets.UTF_8)).config();
                assertThat(Printable.firstControl(c.organization().name())).isEmpty();
                c.profiles().values().forEach(t -> assertThat(Printable.firstControl(t.description())).isEmpty());
            } catch (PolicyDocumentException e) {
                assertThat(e.problems()).allSatisfy(x -> assertThat(x.file()).isEqualTo("org.yaml"));
                assertThat(e.problems()).allSatisfy(x -> assertThat(Printable.firstControl(x.describe())).isEmpty());
            }
        }
    }

    @Property(tries = 60)
    void anyKindOfFileInADocumentsPlaceIsReadOrRefusedAtOnce(@ForAll("fileKinds") String kind) throws Exception {
        Path p = dir.resolve("doc.yaml");
        switch (kind) {
            case "fifo" -> assertThat(new ProcessBuilder("mkfifo", p.toString()).start().waitFor(10, TimeUnit.SECONDS)).isTrue();
            case "dev-zero" -> Files.createSymbolicLink(p, Path.of("/dev/zero"));
            case "dev-urandom" -> Files.createSymbolicLink(p, Path.of("/dev/urandom"));
            case "directory" -> Files.createDirectory(p);
            case "dangling" -> Files.createSymbolicLink(p, dir.resolve("gone"));
            case "loop" -> Files.createSymbolicLink(p, p);
            case "too-large" -> Files.write(p, new byte[5 * 1024 * 1024]);
            default -> Files.writeString(p, "additional_plugins: [a@b]\n");
        }
        PolicyLoader loader = PolicyLoader.standard();
        for (Runnable load : List.<Runnable>of(() -> loader.loadProject(p), () -> loader.loadUser(p),
                () -> loader.loadOrg(p), () -> loader.loadTeamConfig(p))) {
            try {
                load.run();
            } catch (PolicyDocumentException e) {
                assertThat(e.getMessage()).contains(p.toString());
            }
        }
    }

    @Provide
    Arbitrary<String> fileKinds() {
        return Arbitraries.of("fifo", "dev-zero", "dev-urandom", "directory", "dangling", "loop", "too-large", "regular");
    }
}

package dev.scc.policy.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.policy.PolicyDocumentException;
import dev.scc.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents built to exhaust the reader: alias bombs, special files, broken paths. */
class HostileDocumentsTest {
    @TempDir Path dir;
    final DocumentReader reader = new DocumentReader();

    /** {@code levels} anchors, each a list of {@code width} aliases of the one before: width^levels nodes. */
    static String aliasBomb(int levels, int width) {
        StringBuilder sb = new StringBuilder("a0: &a0 [" + "lol, ".repeat(width - 1) + "lol]\n");
        for (int i = 1; i < levels; i++) {
            sb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < width; j++) {
                sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            sb.append("]\n");
        }
        return sb.toString();
    }

    @Test
    void aSmallAliasBombUnderTheAliasLimitIsRefusedNotExpanded() {
        // 9 levels of 5 aliases: 40 aliases (under the limit of 50), 1.9 million nodes once expanded, < 1 KB.
        String bomb = aliasBomb(9, 5);
        assertThat(bomb.length()).isLessThan(1024);
        assertThatThrownBy(() -> reader.parse("bomb.yaml", bomb.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("bomb.yaml").hasMessageContaining("aliases expand");
    }

    @Property(tries = 40)
    void aliasedDocumentsEitherParseWithinTheBudgetOrAreRefusedCleanly(@ForAll @IntRange(min = 1, max = 12) int levels,
            @ForAll @IntRange(min = 1, max = 12) int width) {
        String doc = aliasBomb(levels, width);
        try {
            reader.parse("doc.yaml", doc.getBytes(StandardCharsets.UTF_8));
            assertThat(Math.pow(width, levels)).isLessThan(2_000_000);
        } catch (PolicyDocumentException e) {
            assertThat(e.getMessage()).contains("doc.yaml");
        }
    }

    @Test
    void devZeroAsADocumentIsAClearErrorNamingTheFile() {
        assertThatThrownBy(() -> reader.read(Path.of("/dev/zero"))).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("/dev/zero").hasMessageContaining("character device");
        assertThatThrownBy(() -> PolicyLoader.standard().loadOrg(Path.of("/dev/urandom")))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("/dev/urandom");
    }

    @Test
    void aFifoAsADocumentIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("org.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> reader.read(fifo)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("FIFO");
        assertThatThrownBy(() -> PolicyLoader.standard().loadProject(fifo)).isInstanceOf(PolicyDocumentException.class);
        assertThatThrownBy(() -> PolicyLoader.standard().loadUser(fifo)).isInstanceOf(PolicyDocumentException.class);
    }

    @Test
    void brokenProjectPathsFailClosed() throws Exception {
        PolicyLoader loader = PolicyLoader.standard();
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.yaml"), dir.resolve("nowhere.yaml"));
        Path loop = dir.resolve("loop.yaml");
        Files.createSymbolicLink(loop, loop);
        Path notADir = Files.writeString(dir.resolve("file"), "x").resolve(".scc.yaml");
        assertThatThrownBy(() -> loader.loadProject(dangling)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("dangling");
        assertThatThrownBy(() -> loader.loadProject(loop)).isInstanceOf(PolicyDocumentException.class);
        assertThatThrownBy(() -> loader.loadProject(dir)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("directory");
        assertThatThrownBy(() -> loader.requireProject(dir.resolve("nonexistent/.scc.yaml")))
                .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("not found");
        assertThatThrownBy(() -> loader.requireProject(notADir)).isInstanceOf(PolicyDocumentException.class);
        assertThat(loader.loadProject(dir.resolve(".scc.yaml"))).isEmpty();
    }

    @Test
    void aDanglingOrLoopingUserConfigIsAnErrorNotStandalone() throws Exception {
        PolicyLoader loader = PolicyLoader.standard();
        Path dangling = Files.createSymbolicLink(dir.resolve("config.json"), dir.resolve("gone.json"));
        assertThatThrownBy(() -> loader.loadUser(dangling)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining(dangling.toString());
        Path loop = dir.resolve("loop.json");
        Files.createSymbolicLink(loop, loop);
        assertThatThrownBy(() -> loader.loadUser(loop)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining(loop.toString());
    }

    @Test
    void anOrgMcpUrlMustBeAnHttpOrHttpsUrl() {
        String org = "schema_version: \"1.0.0\"\norganization: {name: Acme, id: acme}\nprofiles:\n  t:\n"
                + "    additional_mcp_servers:\n      - {name: m, type: http, url: \"%s\"}\n";
        for (String bad : new String[] {"javascript:alert(1)", "file:///etc/passwd", "https://a.example/x y",
                "https://a.example/\\n"}) {
            assertThatThrownBy(() -> PolicyLoader.standard().parseOrg("org.yaml",
                    String.format(org, bad).getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(PolicyDocumentException.class).hasMessageContaining("url");
        }
        assertThat(PolicyLoader.standard().parseOrg("org.yaml",
                String.format(org, "https://mcp.example/sse").getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Test
    void projectLayerIsValidatedAsStrictlyAsTheOrg() throws Exception {
        PolicyLoader loader = PolicyLoader.standard();
        Path padded = Files.writeString(dir.resolve("padded.yaml"), "additional_mcp_servers:\n"
                + "  - {name: tool, type: \"stdio \", command: \"/opt/ok/../../bin/sh\"}\n");
        assertThatThrownBy(() -> loader.loadProject(padded)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("additional_mcp_servers[0].type");
        Path negative = Files.writeString(dir.resolve("neg.yaml"), "session: {timeout_hours: -5}\n");
        assertThatThrownBy(() -> loader.loadProject(negative)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("session.timeout_hours");
        Path badUrl = Files.writeString(dir.resolve("url.yaml"), "additional_mcp_servers:\n"
                + "  - {name: tool, type: http, url: \"javascript:alert(1)\"}\n");
        assertThatThrownBy(() -> loader.loadProject(badUrl)).isInstanceOf(PolicyDocumentException.class)
                .hasMessageContaining("url");
        Path fine = Files.writeString(dir.resolve("fine.yaml"), "additional_mcp_servers:\n"
                + "  - {name: tool, type: http, url: \"https://mcp.example/\"}\nsession: {timeout_hours: 8}\nfoo: 1\n");
        assertThat(loader.loadProject(fine)).get().satisfies(p -> assertThat(p.unknownKeys()).containsExactly("foo"));
    }
}

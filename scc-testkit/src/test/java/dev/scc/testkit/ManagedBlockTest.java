package dev.scc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** native-surfaces §6.3: a user-authored markdown file keeps every byte outside SCC's block. */
class ManagedBlockTest {
    private final EchoRenderer echo = new EchoRenderer();

    private void write(Path root, RenderPlan plan) {
        new RenderWriter(root).apply("echo", echo.render(plan, RenderContext.DEFAULTS).files());
    }

    @Test
    void userAgentsMdKeepsItsBytesAndTheBlockOccursOnceAndIsRemovedExactly(@TempDir Path root) throws Exception {
        Path agents = root.resolve("workspace/AGENTS.md");
        Files.createDirectories(agents.getParent());
        String original = "# Team rules\n\nNo trailing newline here";
        Files.writeString(agents, original);
        RenderPlan rich = RenderPlans.from(Fixtures.rich(), "codex");

        write(root, rich);
        write(root, rich);
        String merged = Files.readString(agents);
        assertThat(merged).startsWith(original);
        assertThat(merged.split("SCC-MANAGED START", -1)).hasSize(2);
        assertThat(merged).contains("Run the tests before every commit.");

        write(root, RenderPlan.empty("echo"));
        assertThat(Files.readString(agents)).isEqualTo(original);
    }

    @Test
    void aBlockFileSccCreatedIsDeletedWhenTheBlockGoes(@TempDir Path root) {
        write(root, RenderPlans.from(Fixtures.rich(), "codex"));
        assertThat(root.resolve("workspace/AGENTS.md")).exists();
        write(root, RenderPlan.empty("echo"));
        assertThat(root.resolve("workspace/AGENTS.md")).doesNotExist();
    }

    @Test
    void aUserEditOutsideTheBlockSurvivesTheNextRender(@TempDir Path root) throws Exception {
        RenderPlan rich = RenderPlans.from(Fixtures.rich(), "codex");
        write(root, rich);
        Path agents = root.resolve("workspace/AGENTS.md");
        Files.writeString(agents, "Intro by the user\n" + Files.readString(agents) + "Outro\n");
        write(root, rich);
        assertThat(Files.readString(agents)).startsWith("Intro by the user\n").endsWith("Outro\n");
    }
}

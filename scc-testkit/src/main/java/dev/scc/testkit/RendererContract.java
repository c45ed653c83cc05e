package dev.scc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scc.core.plan.RenderPlan;
import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderException;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderWriter;
import dev.scc.core.spi.RenderedFile;
import dev.scc.core.spi.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link ProviderRenderer} must pass. Implement it in a test class of the adapter:
 *
 * <pre>{@code
 * class MyRendererContractTest implements RendererContract {
 *     public ProviderRenderer renderer() { return new MyRenderer(); }
 * }
 * }</pre>
 *
 * Override {@link #plans()} to add plans that exercise the adapter's own features; the first plan should be the
 * richest (it is the one rendered before clean removal and failure are checked).
 */
public interface RendererContract {

    /** The renderer under test. */
    ProviderRenderer renderer();

    /** Plans to render; defaults to {@link Fixtures#plansFor} the renderer's id (rich, minimal, empty). */
    default List<RenderPlan> plans() {
        return Fixtures.plansFor(renderer().id());
    }

    default RenderContext context() {
        return RenderContext.DEFAULTS;
    }

    private RenderResult render(RenderPlan plan) {
        return renderer().render(plan, context());
    }

    private WriteResult write(Path root, RenderPlan plan) {
        return new RenderWriter(root).apply(renderer().id(), render(plan).files());
    }

    @Test
    default void renderingTheSamePlanTwiceGivesByteIdenticalFiles(@TempDir Path a, @TempDir Path b) {
        for (RenderPlan plan : plans()) {
            RenderResult first = render(plan);
            RenderResult second = render(plan);
            assertThat(second.files()).isEqualTo(first.files());
            assertThat(second.report()).isEqualTo(first.report());
        }
        write(a, plans().get(0));
        write(b, plans().get(0));
        assertThat(TreeSnapshot.of(b)).isEqualTo(TreeSnapshot.of(a));
    }

    @Test
    default void renderedFilesUseNewlinesAndEndWithOne() {
        for (RenderPlan plan : plans()) {
            for (RenderedFile f : render(plan).files()) {
                assertThat(f.text()).as(f.path()).doesNotContain("\r").endsWith("\n");
            }
        }
    }

    @Test
    default void renderingAPlanOverItsOwnOutputChangesNothing(@TempDir Path root) {
        for (RenderPlan plan : plans()) {
            write(root, plan);
            Map<String, String> before = TreeSnapshot.of(root);
            WriteResult again = write(root, plan);
            assertThat(again.written()).as("files rewritten by an identical render").isEmpty();
            assertThat(again.removed()).isEmpty();
            assertThat(TreeSnapshot.of(root)).isEqualTo(before);
        }
    }

    @Test
    default void renderingAnotherPlanRemovesWhatOnlyThePreviousOneProducedAndKeepsUserFiles(@TempDir Path root)
            throws IOException {
        Path user = root.resolve("home/agent/notes.txt");
        Files.createDirectories(user.getParent());
        Files.writeString(user, "mine\n");
        for (RenderPlan first : plans()) {
            for (RenderPlan second : plans()) {
                write(root, first);
                write(root, second);
                Path fresh = Files.createTempDirectory("scc-contract-fresh");
                Files.createDirectories(fresh.resolve("home/agent"));
                Files.writeString(fresh.resolve("home/agent/notes.txt"), "mine\n");
                try {
                    write(fresh, second);
                    assertThat(TreeSnapshot.files(root)).as("render of a plan after another equals a fresh render")
                            .isEqualTo(TreeSnapshot.files(fresh));
                } finally {
                    TreeSnapshot.delete(fresh);
                }
            }
        }
        write(root, RenderPlan.empty(renderer().id()));
        assertThat(TreeSnapshot.files(root)).containsOnlyKeys("home/agent/notes.txt");
        assertThat(Files.readString(user)).isEqualTo("mine\n");
    }

    @Test
    default void renderedPathsStayInsideTheTargetRoot() {
        for (RenderPlan plan : plans()) {
            for (RenderedFile f : render(plan).files()) {
                RenderWriter.checkPath(f.path());
                assertThat(f.path()).doesNotStartWith(RenderWriter.MANIFEST_DIR + "/");
            }
        }
    }

    @Test
    default void aSymlinkInTheTargetTreeIsNeverWrittenThrough(@TempDir Path parent) throws IOException {
        RenderResult rich = render(plans().get(0));
        assertThat(rich.files()).as("the first plan must render at least one file").isNotEmpty();
        Path root = Files.createDirectories(parent.resolve("root"));
        Path outside = Files.createDirectories(parent.resolve("outside"));
        String firstSegment = rich.files().get(0).path().split("/")[0];
        Files.createSymbolicLink(root.resolve(firstSegment), outside);
        assertThatThrownBy(() -> new RenderWriter(root).apply(renderer().id(), rich.files()))
                .isInstanceOf(RenderException.class).hasMessageContaining("symbolic link");
        assertThat(TreeSnapshot.of(outside)).isEmpty();
    }

    @Test
    default void theReportNamesEveryPlanItemExactlyOnce() {
        for (RenderPlan plan : plans()) {
            RenderResult r = render(plan);
            List<String> keys = r.report().entries().stream().map(RenderReport.Entry::key).toList();
            assertThat(keys).doesNotHaveDuplicates();
            assertThat(new HashSet<>(keys)).isEqualTo(new HashSet<>(plan.keys()));
            Set<String> paths = r.files().stream().map(RenderedFile::path).collect(Collectors.toSet());
            for (RenderReport.Entry e : r.report().entries()) {
                assertThat(paths).as("paths reported for " + e.key()).containsAll(e.paths());
                if (e.status() == RenderReport.Status.RENDERED) {
                    assertThat(e.paths()).as("paths of rendered " + e.key()).isNotEmpty();
                } else {
                    assertThat(e.reason()).as("reason for " + e.key()).isNotBlank();
                }
            }
            for (RenderPlan.Skipped s : plan.skipped()) {
                assertThat(r.report().entry(s.key())).get().extracting(RenderReport.Entry::status, RenderReport.Entry::reason)
                        .containsExactly(RenderReport.Status.SKIPPED, s.reason());
            }
        }
    }

    @Test
    default void aWriteThatFailsHalfwayLeavesTheTreeAsItWas(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("user-file.md"), "keep\n");
        Map<String, String> before = TreeSnapshot.of(root);
        AtomicInteger commits = new AtomicInteger();
        RenderWriter failing = new RenderWriter(root, path -> {
            if (commits.incrementAndGet() == 2) {
                throw new IOException("injected failure at " + path);
            }
        });
        List<RenderedFile> files = render(plans().get(0)).files();
        assertThatThrownBy(() -> failing.apply(renderer().id(), files)).isInstanceOf(RenderException.class)
                .hasMessageContaining("injected failure");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);

        write(root, plans().get(0));
        Map<String, String> afterFirst = TreeSnapshot.of(root);
        commits.set(0);
        assertThatThrownBy(() -> failing.apply(renderer().id(), render(RenderPlan.empty(renderer().id())).files()))
                .isInstanceOf(RenderException.class);
        assertThat(TreeSnapshot.of(root)).isEqualTo(afterFirst);
    }

    @Test
    default void anExistingFileSccDidNotWriteIsNeverReplaced(@TempDir Path root) throws IOException {
        RenderResult rich = render(plans().get(0));
        RenderedFile target = rich.files().stream().filter(f -> f.ownership() == RenderedFile.Ownership.WHOLE_FILE)
                .findFirst().orElseThrow();
        Path p = root.resolve(target.path());
        Files.createDirectories(p.getParent());
        Files.writeString(p, "user content\n");
        WriteResult result = new RenderWriter(root).apply(renderer().id(), rich.files());
        assertThat(Files.readString(p)).isEqualTo("user content\n");
        assertThat(result.conflicts()).extracting(WriteResult.Conflict::path).contains(target.path());
    }
}

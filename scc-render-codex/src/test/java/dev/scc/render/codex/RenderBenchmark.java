package dev.scc.render.codex;

import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderWriter;
import dev.scc.core.spi.WriteResult;
import dev.scc.render.claude.ClaudeRenderer;
import dev.scc.testkit.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Render cost of the rich fixture, side by side with the baseline of building the plan alone. Not a test; run:
 *
 * <pre>
 * mvn -B -q -ntp -pl scc-render-codex -am test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp scc-render-codex/target/test-classes:scc-render-codex/target/classes:$(cat scc-render-codex/cp.txt) \
 *     org.openjdk.jmh.Main RenderBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RenderBenchmark {
    private EffectiveConfig config;
    private RenderResult codexResult;
    private Path root;

    @Setup
    public void setUp() throws IOException {
        config = Fixtures.rich();
        codexResult = new CodexRenderer().render(RenderPlans.from(config, "codex"), RenderContext.DEFAULTS);
        root = Files.createTempDirectory("scc-bench");
        new RenderWriter(root).apply("codex", codexResult.files());
    }

    /** Baseline: the merge result to a plan. */
    @Benchmark
    public RenderPlan planOnly() {
        return RenderPlans.from(config, "codex");
    }

    @Benchmark
    public RenderResult planAndRenderClaude() {
        return new ClaudeRenderer().render(RenderPlans.from(config, "claude"), RenderContext.DEFAULTS);
    }

    @Benchmark
    public RenderResult planAndRenderCodex() {
        return new CodexRenderer().render(RenderPlans.from(config, "codex"), RenderContext.DEFAULTS);
    }

    /** A relaunch: render again onto an up-to-date tree (reads and compares every file, writes nothing). */
    @Benchmark
    public WriteResult planRenderAndWriteUnchangedCodex() {
        RenderResult r = new CodexRenderer().render(RenderPlans.from(config, "codex"), RenderContext.DEFAULTS);
        return new RenderWriter(root).apply("codex", r.files());
    }
}

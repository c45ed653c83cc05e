package dev.scc.cli.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.testkit.model.FakeAnthropicApi;
import dev.scc.testkit.model.FakeGeminiApi;
import dev.scc.testkit.model.FakeOpenAiResponsesApi;
import dev.scc.testkit.model.ModelScript;
import dev.scc.testkit.model.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One drill: a fresh workspace, a model script, and the real agent run headless through {@code ./scc start
 * --prompt} against the scripted model; then the evidence. A further boundary or rule family is one more drill:
 * <pre>
 * Drill.Run r = new Drill(world, "force push").script(s -&gt; s.shell("git push --force origin main")).run();
 * assertThat(r.toolResults()).anyMatch(t -&gt; t.contains("rule: git.force_push"));
 * assertThat(r.verdicts("hook:" + agent))....
 * </pre>
 * {@link #whileRunning} acts on the host while the agent is still at work (an approval, say), with the run so far.
 */
final class Drill {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SESSION = Pattern.compile("session ([0-9a-f]{12}) running");

    private final DrillWorld world;
    private final String name;
    private ModelScript script = ModelScript.builder().build();
    private Optional<Consumer<Run>> whileRunning = Optional.empty();
    private UnaryOperator<Path> workspaceSetup = ws -> ws;

    Drill(DrillWorld world, String name) {
        this.world = world;
        this.name = name;
    }

    /** What the model asks the agent to do, turn by turn. */
    Drill script(UnaryOperator<ModelScript.Builder> turns) {
        this.script = turns.apply(ModelScript.builder()).build();
        return this;
    }

    /** Prepares the fresh workspace (commits, scripts) before the session starts. */
    Drill workspace(UnaryOperator<Path> setup) {
        this.workspaceSetup = setup;
        return this;
    }

    /** Runs {@code hostSide} on the host while the agent runs (it is given the run, whose requests grow). */
    Drill whileRunning(Consumer<Run> hostSide) {
        this.whileRunning = Optional.of(hostSide);
        return this;
    }

    /** Starts the session with the prompt, lets the agent work through the script, stops the session. */
    Run run() {
        Path ws = workspaceSetup.apply(world.workspace());
        DrillWorld.giveToAgent(ws);
        world.startModel(script);
        Path out = world.scratch.resolve(name.replaceAll("[^a-z0-9]+", "-") + ".out");
        Path err = world.scratch.resolve(name.replaceAll("[^a-z0-9]+", "-") + ".err");
        Process p = world.sccAsync(List.of("start", "--prompt", "Drill: " + name, ws.toString()), out, err);
        Run partial = new Run(world, ws, Optional.empty(), null);
        whileRunning.ifPresent(h -> h.accept(partial));
        DrillWorld.Scc result = world.await(p, out, err);
        Matcher m = SESSION.matcher(result.out());
        Optional<String> sid = m.find() ? Optional.of(m.group(1)) : Optional.empty();
        sid.ifPresent(world.sessions::add);
        Run r = new Run(world, ws, sid, result);
        sid.ifPresent(id -> world.scc("stop", id));
        return r;
    }

    /** What a drill left behind: SCC's output, the requests the model got, the session's evidence. */
    static final class Run {
        final DrillWorld world;
        final Path workspace;
        final Optional<String> session;
        final DrillWorld.Scc start;

        Run(DrillWorld world, Path workspace, Optional<String> session, DrillWorld.Scc start) {
            this.world = world;
            this.workspace = workspace;
            this.session = session;
            this.start = start;
        }

        /** Every request the scripted model received so far. */
        List<RecordedRequest> requests() {
            return RecordedRequest.readAll(world.modelData);
        }

        /** What the agent reported back to the model after each tool call, in order (last request's view). */
        List<String> toolResults() {
            List<RecordedRequest> rs = requests().stream().filter(r -> r.path().endsWith("/messages")
                    || r.path().endsWith("/responses") || r.path().contains(":streamGenerateContent")).toList();
            if (rs.isEmpty()) {
                return List.of();
            }
            JsonNode last = rs.get(rs.size() - 1).body();
            return switch (world.agent) {
                case CLAUDE -> FakeAnthropicApi.toolResults(last);
                case CODEX -> FakeOpenAiResponsesApi.toolResults(last);
                case GEMINI -> FakeGeminiApi.toolResults(last);
            };
        }

        /** Waits until some tool result matches {@code pattern}; returns its first group (or the whole match). */
        String awaitToolResult(Pattern pattern, Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                for (String t : toolResults()) {
                    Matcher m = pattern.matcher(t);
                    if (m.find()) {
                        return m.groupCount() > 0 ? m.group(1) : m.group();
                    }
                }
                DrillWorld.sleep(200);
            }
            throw new AssertionError("no tool result matched " + pattern + " within " + limit + "; requests: "
                    + requests().size() + ", results: " + toolResults());
        }

        /**
         * The verdict records the session's evaluator wrote (its own log, spooled to the host), optionally only those
         * from {@code source} ({@code hook:claude}, {@code hook:codex}, {@code wrapper}).
         */
        List<JsonNode> verdicts(String source) {
            Path spool = world.home.resolve(".local/state/scc/sessions").resolve(session.orElseThrow(
                    () -> new AssertionError("no session started: " + start))).resolve("audit-spool/verdicts.jsonl");
            List<JsonNode> out = new ArrayList<>();
            if (!Files.exists(spool)) {
                return out;
            }
            try {
                for (String line : Files.readAllLines(spool)) {
                    JsonNode n = JSON.readTree(line);
                    if (source.isEmpty() || source.equals(n.path("source").asText())) {
                        out.add(n);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        /** The commit the remote's main points at. */
        String remoteMain() {
            return DrillWorld.git(workspace.resolve("remote.git"), "rev-parse", "main");
        }

        /** The host's audit log records (after {@code scc audit ingest}) that belong to this session. */
        List<JsonNode> auditRecords() {
            DrillWorld.Scc ingest = world.scc("audit", "ingest");
            if (ingest.code() != 0) {
                throw new AssertionError("scc audit ingest failed: " + ingest);
            }
            Path log = world.home.resolve(".local/state/scc/audit/audit.jsonl");
            List<JsonNode> out = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(log)) {
                    JsonNode n = JSON.readTree(line);
                    if (session.isPresent() && session.get().equals(n.path("session_id").asText())) {
                        out.add(n);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        @Override
        public String toString() {
            return "drill in " + workspace + " session " + session.orElse("-") + "\n" + start;
        }
    }
}

package dev.scc.cli.commands.runtime;

import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;
import dev.scc.checkpoint.Checkpoint;
import dev.scc.checkpoint.CheckpointException;
import dev.scc.checkpoint.CheckpointStore;
import dev.scc.checkpoint.Retention;
import dev.scc.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where a workspace's checkpoints live and how the CLI takes them: the store is
 * {@code $XDG_STATE_HOME/scc/checkpoints/<workspace hash>/}, on the host and outside every mount, so the agent can
 * neither reach nor alter it (a boundary). Checkpoints are taken at launch, while the session runs every
 * {@code SCC_CHECKPOINT_INTERVAL} seconds (default 300; {@code 0} turns the periodic ones off) and before each risky
 * command the session's evaluator reports ({@link #session}; detached sessions: {@link DetachedCheckpointer}); retention is
 * seven days and 2 GiB ({@code SCC_CHECKPOINT_MAX_MB}), the newest three always kept. {@code SCC_CHECKPOINT_IGNORE}
 * (comma-separated directory names or workspace-relative paths) leaves build output and dependency caches out.
 */
final class WorkspaceCheckpoints {
    private WorkspaceCheckpoints() {}

    /**
     * Periodic checkpoints leave a file modified within this window (still being written) to a later run, at most
     * {@link CheckpointStore#MAX_DEFERRALS} times in a row, recording the version the store already holds: a writer's
     * files are not copied on every run (bench/checkpoint: writes with checkpoints on against off).
     */
    static final Duration SETTLE = Duration.ofSeconds(2);

    static Path storeDir(Map<String, String> env, Path workspace) {
        return dev.scc.policy.audit.SccState.root(env).resolve("checkpoints")
                .resolve(dev.scc.core.runtime.Session.workspaceHash(workspace));
    }

    /** The session records (read from the state directory; the engine is not contacted). */
    static java.util.List<dev.scc.core.runtime.Session> sessions(dev.scc.cli.CliServices services) {
        return RuntimeCli.with(RuntimeCli.defaultBackend(services), dev.scc.core.runtime.RuntimeBackend::sessions);
    }

    static Set<String> ignored(Map<String, String> env) {
        String v = env.getOrDefault("SCC_CHECKPOINT_IGNORE", "");
        return v.isBlank() ? Set.of() : Set.of(v.trim().split("\\s*,\\s*"));
    }

    static Retention retention(Map<String, String> env) {
        long mb = parse(env, "SCC_CHECKPOINT_MAX_MB", Retention.DEFAULT.maxBytes() >> 20);
        return new Retention(Retention.DEFAULT.maxAge(), mb << 20, Retention.DEFAULT.keepAtLeast());
    }

    static long intervalSeconds(Map<String, String> env) {
        return parse(env, "SCC_CHECKPOINT_INTERVAL", 300);
    }

    private static long parse(Map<String, String> env, String key, long dflt) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new SccException(Kind.INVALID, key + "='" + v + "' is not a non-negative whole number", "", e);
        }
    }

    static CheckpointStore open(Map<String, String> env, Path workspace, Clock clock) {
        return CheckpointStore.open(storeDir(env, workspace), ignored(env), clock);
    }

    static CheckpointStore existing(Map<String, String> env, Path workspace, Clock clock) {
        return CheckpointStore.existing(storeDir(env, workspace), ignored(env), clock);
    }

    /** A launch checkpoint (and retention); a failure is reported and the launch goes on without one. */
    static void atLaunch(Map<String, String> env, Path workspace, Clock clock, java.io.PrintWriter err) {
        try {
            CheckpointStore store = open(env, workspace, clock);
            store.prune(retention(env));
            Checkpoint c = store.create(workspace, "launch");
            if (!store.lastSkipped().isEmpty()) {
                err.println("warning: checkpoint " + c.id() + " left out " + store.lastSkipped().size()
                        + " unreadable path(s), e.g. " + store.lastSkipped().get(0));
            }
        } catch (CheckpointException e) {
            err.println("warning: no launch checkpoint: " + e.getMessage() + " (" + e.fix() + ")");
        }
        err.flush();
    }

    /** Where a session's evaluator asks for checkpoints before risky commands (in its verdict spool). */
    static Path requestDir(Map<String, String> env, String sessionId) {
        return dev.scc.policy.audit.SccState.root(env).resolve("sessions").resolve(sessionId)
                .resolve("audit-spool").resolve("checkpoints");
    }

    /** At most one checkpoint for risky commands per this interval; a request within it gets the previous one. */
    static final Duration RISKY_MIN_INTERVAL = Duration.ofSeconds(1);
    /** Requests older than this were given up by the evaluator (it waits 5 s): dropped, not answered. */
    static final Duration RISKY_STALE = Duration.ofSeconds(30);

    /** Periodic checkpoints only (no session to answer): {@link #session} without a request directory. */
    static AutoCloseable periodic(Map<String, String> env, Path workspace, Clock clock) {
        return session(env, workspace, clock, java.util.Optional.empty());
    }

    /**
     * The host-side checkpointer of a running session: a {@code periodic} checkpoint every
     * {@code SCC_CHECKPOINT_INTERVAL} seconds (settling, see {@link #SETTLE}) and, with {@code requests}, a
     * {@code risky-command} checkpoint (every file as it is) for each request the session's evaluator files before a
     * command that destroys work, answered with the checkpoint's id; at most one per {@link #RISKY_MIN_INTERVAL}
     * (a request within it is answered with the previous one). Failures (a full disk, a store removed mid-session)
     * never touch the session: each is one line in the store's {@code checkpointer.log} (the terminal belongs to the
     * agent), and the next period tries again; an unanswered request lets the command proceed after the evaluator's
     * bounded wait.
     */
    static AutoCloseable session(Map<String, String> env, Path workspace, Clock clock,
            java.util.Optional<Path> requests) {
        long every = intervalSeconds(env);
        if (every == 0 && requests.isEmpty()) {
            return () -> { };
        }
        Path storeDir = storeDir(env, workspace);
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scc-checkpointer");
            t.setDaemon(true);
            return t;
        });
        CheckpointStore[] store = {null};
        AutoCloseable[] watching = {null};
        // One thread for both kinds: a store is used by one thread at a time.
        java.util.function.Function<java.util.function.Function<CheckpointStore, Checkpoint>, Checkpoint> checkpoint = take -> {
            try {
                if (store[0] == null) {
                    store[0] = existing(env, workspace, clock);
                    // From here on a checkpoint re-reads only the directories the watcher saw change.
                    watching[0] = store[0].track(workspace);
                }
                return take.apply(store[0]);
            } catch (CheckpointException e) {
                closeQuietly(watching[0]);
                store[0] = null;
                log(storeDir, clock, e.getMessage());
            } catch (RuntimeException e) {
                log(storeDir, clock, e.toString());
            }
            return null;
        };
        // Open the store and start watching now: the first checkpoint the session asks for finds both ready.
        ex.execute(() -> checkpoint.apply(s -> null));
        if (every > 0) {
            ex.scheduleWithFixedDelay(() -> checkpoint.apply(s -> s.create(workspace, "periodic", SETTLE)), every, every,
                    TimeUnit.SECONDS);
        }
        requests.ifPresent(dir -> {
            Checkpoint[] last = {null};
            long[] lastAt = {Long.MIN_VALUE};
            ex.scheduleWithFixedDelay(() -> answer(dir, clock, storeDir, () -> {
                long now = System.nanoTime();
                if (last[0] == null || now - lastAt[0] >= RISKY_MIN_INTERVAL.toNanos()) {
                    // A failed attempt answers "none" (the command proceeds on the checkpoints before), never the
                    // previous checkpoint's id: that would claim the state just before the command is kept.
                    Checkpoint c = checkpoint.apply(s -> s.create(workspace, "risky-command"));
                    last[0] = c;
                    lastAt[0] = c == null ? Long.MIN_VALUE : now;
                    return c;
                }
                return last[0];
            }), 50, 50, TimeUnit.MILLISECONDS);
        });
        return () -> {
            ex.shutdownNow();
            ex.awaitTermination(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
            closeQuietly(watching[0]);
        };
    }

    /**
     * Answers the pending requests in {@code dir} ({@code <id>.req}, written by the evaluator): one checkpoint for all
     * of them (from {@code take}, which rate-limits), {@code <id>.done} holding its id (empty when none could be
     * taken: the command proceeds on the checkpoints before). Stale requests are dropped.
     */
    static void answer(Path dir, Clock clock, Path storeDir, java.util.function.Supplier<Checkpoint> take) {
        List<Path> pending = new java.util.ArrayList<>();
        try (var ds = Files.newDirectoryStream(dir, "*.req")) {
            ds.forEach(pending::add);
        } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException none) {
            return;
        } catch (IOException e) {
            log(storeDir, clock, "cannot read checkpoint requests in " + dir + ": " + e.getMessage());
            return;
        }
        if (pending.isEmpty()) {
            return;
        }
        long staleBefore = clock.millis() - RISKY_STALE.toMillis();
        List<Path> live = new java.util.ArrayList<>();
        for (Path p : pending) {
            String name = p.getFileName().toString();
            long at;
            try {
                at = Long.parseLong(name.substring(0, name.indexOf('-')));
            } catch (RuntimeException e) {
                at = Long.MIN_VALUE;
            }
            if (at < staleBefore) {
                deleteQuietly(p);
            } else {
                live.add(p);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        Checkpoint c = take.get();
        for (Path p : live) {
            String name = p.getFileName().toString();
            String id = name.substring(0, name.length() - ".req".length());
            try {
                Path tmp = dir.resolve(id + ".answer");
                Files.writeString(tmp, c == null ? "" : c.id() + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, dir.resolve(id + ".done"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                log(storeDir, clock, "cannot answer checkpoint request " + p + ": " + e.getMessage());
            }
            deleteQuietly(p);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the next poll drops it as stale
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception ignored) {
            // only the watcher's descriptors are at stake, and the process ends with the session
        }
    }

    private static void log(Path storeDir, Clock clock, String line) {
        try {
            Path parent = storeDir.getParent();
            Files.createDirectories(parent);
            Files.writeString(parent.resolve("checkpointer.log"), clock.instant() + " " + storeDir.getFileName() + " "
                    + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // nowhere left to say it; the session goes on
        }
    }

    /** A checkpoint failure as the CLI reports it: corrupt or failed 4, missing 1. */
    static SccException error(CheckpointException e) {
        return new SccException(e.getMessage().startsWith("no checkpoint") ? SccException.Kind.NOT_FOUND
                : SccException.Kind.FAILED, e.getMessage() + "\n  fix: " + e.fix(), "", e);
    }
}

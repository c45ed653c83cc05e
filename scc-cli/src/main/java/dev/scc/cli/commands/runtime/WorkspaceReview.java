package dev.scc.cli.commands.runtime;

import dev.scc.checkpoint.Checkpoint;
import dev.scc.checkpoint.CheckpointException;
import dev.scc.checkpoint.CheckpointStore;
import dev.scc.core.runtime.WorkspaceProtection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed, since the launch checkpoint, among the workspace files the host later runs or trusts: the protected
 * paths (read-only ones that did not exist at launch could not be mounted; review-mode ones are writable) and any git
 * repository the agent nested in the workspace (the host's {@code git status} runs a nested repository's
 * {@code core.fsmonitor} once it is a submodule of the index). Each change is kept or discarded by the developer;
 * discarding puts the launch state back (removing what the agent added).
 */
final class WorkspaceReview {
    /** One changed path: {@code before}/{@code after} in {@link CheckpointStore#index} form, empty when absent. */
    record Change(String path, Optional<String> before, Optional<String> after, String why) {
        String kind() {
            return before.isEmpty() ? "added" : after.isEmpty() ? "removed" : "modified";
        }
    }

    private WorkspaceReview() {}

    /**
     * Where the last launch on {@code workspace} recorded its effective protection: in SCC's state directory on the
     * host, which no sandbox mounts.
     */
    static Path protectionFile(Map<String, String> env, Path workspace) {
        return dev.scc.policy.audit.SccState.root(env).resolve("protection")
                .resolve(dev.scc.core.runtime.Session.workspaceHash(workspace) + ".json");
    }

    /**
     * Records the session's effective protection (the org's, team's and project's paths over SCC's default set), so a
     * later {@code scc review} or {@code scc stop} covers every path the policy chose, not only SCC's default set.
     * Written whole or not at all (a temporary file moved into place); a failure is reported and the session goes on.
     */
    static void recordProtection(Map<String, String> env, Path workspace, WorkspaceProtection protection,
            java.io.PrintWriter err) {
        Path f = protectionFile(env, workspace);
        Path tmp = null;
        try {
            Files.createDirectories(f.getParent());
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("workspace", workspace.toString());
            Map<String, String> modes = new TreeMap<>();
            protection.paths().forEach((p, m) -> modes.put(p, m.id()));
            doc.put("protection", modes);
            tmp = Files.createTempFile(f.getParent(), ".protection", ".tmp");
            Files.write(tmp, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(doc));
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is all that is left; the record itself was not touched
                }
            }
            err.println("warning: cannot record the session's workspace protection in " + f + ": " + e.getMessage()
                    + " ('scc review' covers SCC's default set and the installed agents' settings only)");
            err.flush();
        }
    }

    /**
     * What a review covers for {@code workspace}: {@code defaults} (SCC's default set and every installed agent's
     * settings) with every path the last launch recorded, the stricter mode of the two for each (a review never covers
     * less than the defaults, nor less than the session protected). Nothing recorded: {@code defaults} alone.
     *
     * @throws CheckpointException naming the file when the record is there but cannot be read: a review that silently
     *     skipped the policy's own paths would look complete
     */
    static WorkspaceProtection reviewed(Map<String, String> env, Path workspace, WorkspaceProtection defaults) {
        Path f = protectionFile(env, workspace);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return defaults;
        }
        Map<String, WorkspaceProtection.Mode> recorded = new TreeMap<>();
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > (1 << 20)) {
                throw new IOException("not a regular file of at most 1 MiB");
            }
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile()).path("protection");
            if (!node.isObject()) {
                throw new IOException("no 'protection' object");
            }
            var it = node.fields();
            while (it.hasNext()) {
                var e = it.next();
                WorkspaceProtection.Mode m = WorkspaceProtection.Mode.parse(e.getValue().asText()).orElseThrow(() ->
                        new IOException("'" + e.getKey() + "' has mode '" + e.getValue().asText() + "'"));
                recorded.put(WorkspaceProtection.checkPath(e.getKey()), m);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointException("cannot read the session's workspace protection " + f + ": " + e.getMessage(),
                    "remove it to review SCC's default set only, or start a new session to record it again");
        }
        return defaults.with(recorded, false);
    }

    /** The launch checkpoint a review compares against: the newest taken at launch, not after {@code startedAt}. */
    static Checkpoint baseline(CheckpointStore store, Optional<Instant> startedAt) {
        return store.list().stream().filter(c -> c.reason().equals("launch"))
                .filter(c -> startedAt.map(t -> !c.created().isAfter(t)).orElse(true))
                .max(Comparator.comparing(Checkpoint::created))
                .orElseThrow(() -> new CheckpointException("no launch checkpoint to review against",
                        "checkpoints are taken by 'scc start'"));
    }

    static List<Change> changes(CheckpointStore store, Checkpoint base, Path ws, WorkspaceProtection protection) {
        Map<String, String> before = store.index(base.id());
        Map<String, String> after = new TreeMap<>();
        List<String> roots = protection.paths().entrySet().stream()
                .filter(e -> e.getValue() != WorkspaceProtection.Mode.OFF).map(Map.Entry::getKey).toList();
        for (String r : roots) {
            collect(ws, r, after);
        }
        // Nested repositories: any .git below the root, now or at launch.
        List<String> nested = new ArrayList<>();
        try (var walk = Files.walk(ws)) {
            walk.filter(p -> p.getFileName() != null && p.getFileName().toString().equals(".git")
                    && !p.getParent().equals(ws)).forEach(p -> nested.add(ws.relativize(p).toString()));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CheckpointException("cannot walk " + ws + ": " + e.getMessage(), "check its permissions");
        }
        before.keySet().stream().filter(p -> p.endsWith("/.git") || p.contains("/.git/"))
                .map(p -> p.substring(0, p.indexOf(".git", p.startsWith(".git") ? 1 : 0) + 4))
                .filter(p -> !p.equals(".git")).forEach(nested::add);
        for (String n : new TreeSet<>(nested)) {
            collect(ws, n, after);
        }
        TreeSet<String> candidates = new TreeSet<>();
        for (String p : before.keySet()) {
            if (under(p, roots) || under(p, nested)) {
                candidates.add(p);
            }
        }
        candidates.addAll(after.keySet());
        List<Change> out = new ArrayList<>();
        for (String p : candidates) {
            Optional<String> b = Optional.ofNullable(before.get(p));
            Optional<String> a = Optional.ofNullable(after.get(p));
            if (!b.equals(a)) {
                out.add(new Change(p, b, a, under(p, nested) ? "a git repository nested in the workspace"
                        : "a file the host runs or trusts"));
            }
        }
        return out;
    }

    private static boolean under(String p, List<String> roots) {
        return roots.stream().anyMatch(r -> p.equals(r) || p.startsWith(r + "/"));
    }

    private static void collect(Path ws, String rel, Map<String, String> out) {
        Path p = ws.resolve(rel);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.toList()) {
                CheckpointStore.describe(q).ifPresent(d -> out.put(ws.relativize(q).toString(), d));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CheckpointException("cannot read " + p + ": " + e.getMessage(), "check its permissions");
        }
    }

    /** A readable diff of one change (text files line by line, up to 64 KiB; others by their description). */
    static String diff(CheckpointStore store, Checkpoint base, Path ws, Change c) {
        StringBuilder sb = new StringBuilder();
        sb.append("--- launch ").append(c.before().map(WorkspaceReview::shortForm).orElse("(absent)")).append('\n');
        sb.append("+++ now    ").append(c.after().map(WorkspaceReview::shortForm).orElse("(absent)")).append('\n');
        String old = c.before().filter(d -> d.startsWith("F ")).map(d -> text(store.content(base.id(), c.path())))
                .orElse(null);
        String now = null;
        if (c.after().filter(d -> d.startsWith("F ")).isPresent()) {
            try {
                now = text(Files.readAllBytes(ws.resolve(c.path())));
            } catch (IOException e) {
                now = "(unreadable: " + e.getMessage() + ")";
            }
        }
        if (old != null) {
            old.lines().forEach(l -> sb.append('-').append(l).append('\n'));
        }
        if (now != null) {
            now.lines().forEach(l -> sb.append('+').append(l).append('\n'));
        }
        return sb.toString();
    }

    private static String shortForm(String d) {
        return d.startsWith("F ") ? "file " + d.substring(2, d.lastIndexOf(' ')) : d.startsWith("D ")
                ? "directory " + d.substring(2) : "link -> " + d.substring(2);
    }

    private static String text(byte[] b) {
        if (b.length > 64 << 10) {
            return "(" + b.length + " bytes)";
        }
        for (byte x : b) {
            if (x == 0) {
                return "(binary, " + b.length + " bytes)";
            }
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Puts the launch state of every change back: contents and modes restored, what the agent added removed. */
    static void discard(CheckpointStore store, Checkpoint base, Path ws, List<Change> changes) throws IOException {
        // Removals first, deepest first; then what existed, shallowest first.
        List<Change> sorted = new ArrayList<>(changes);
        sorted.sort(Comparator.comparing(Change::path).reversed());
        for (Change c : sorted) {
            if (c.before().isEmpty() || !c.before().get().startsWith(c.after().map(a -> a.substring(0, 1)).orElse("?"))) {
                deleteTree(ws.resolve(c.path()));
            }
        }
        sorted.sort(Comparator.comparing(Change::path));
        for (Change c : sorted) {
            if (c.before().isEmpty()) {
                continue;
            }
            Path p = ws.resolve(c.path());
            String d = c.before().get();
            String mode = d.split(" ")[1];
            if (d.startsWith("D ")) {
                Files.createDirectories(p);
                Files.setPosixFilePermissions(p, perms(mode));
            } else if (d.startsWith("L ")) {
                Files.deleteIfExists(p);
                Files.createSymbolicLink(p, Path.of(d.substring(2)));
            } else {
                Files.createDirectories(p.getParent());
                Files.write(p, store.content(base.id(), c.path()));
                Files.setPosixFilePermissions(p, perms(mode));
            }
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> perms(String octal) {
        int m = Integer.parseInt(octal, 8);
        StringBuilder sb = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((m & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(sb.toString());
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var walk = Files.walk(p)) {
                for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(q);
                }
            }
        } else {
            Files.delete(p);
        }
    }
}

package dev.scc.policy.source.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of fetched source trees shared by the skill and marketplace materialisers: each entry is
 * {@code <dir>/<sha256 key>/} holding {@code tree/} and {@code meta.json}, built in a private temp directory and
 * renamed into place atomically, so a reader sees a whole entry or none. Also the git fetch every entry kind uses
 * (shallow clone of a branch or tag, exact fetch of a 40-hex commit, hooks off, {@code .git} removed) and the
 * checks on URLs, refs and in-repository paths. Not API.
 */
public final class GitTreeCache {
    /** The git URL forms accepted, for messages. */
    public static final String URL_FORMS = "https://host/repo, ssh://host/repo, git@host:path or file:///path";

    private static final Pattern COMMIT = Pattern.compile("^[0-9a-fA-F]{40}$");
    private static final Pattern REF = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9._/+-]{0,199}$");
    private static final Pattern SCP = Pattern.compile("^[A-Za-z0-9._-]+@[A-Za-z0-9][A-Za-z0-9.-]*:[^:\\s-][^\\s]*$");

    private final Path dir;
    private final GitCli git;
    private final Clock clock;

    /** @param gitEnv the environment {@code git} runs with (the invocation's) */
    public GitTreeCache(Path dir, Map<String, String> gitEnv, Clock clock) {
        this.dir = dir;
        this.git = new GitCli("git", gitEnv, Duration.ofMinutes(5));
        this.clock = clock;
    }

    /** The cache directory. */
    public Path dir() {
        return dir;
    }

    /** The entry for a source identified by {@code id} and {@code ref} (not necessarily filled). */
    public Path entry(String id, String ref) {
        return dir.resolve(key(id, ref));
    }

    /** Whether {@code entry} is complete (an entry is only ever renamed into place whole). */
    public static boolean isFilled(Path entry) {
        return Files.isRegularFile(entry.resolve("meta.json")) && Files.isDirectory(entry.resolve("tree"));
    }

    /** Writes an entry's {@code tree}; returns the entry's identifying metadata. */
    @FunctionalInterface
    public interface Filler {
        Map<String, String> fill(Path workDir, Path tree) throws IOException;
    }

    /**
     * Fills {@code entry} with what {@code filler} writes plus a {@code meta.json}; unchecked exceptions of the filler
     * pass through. If another process filled the entry first, its content (for the same source) is kept.
     *
     * @throws IOException the cache cannot be written (or the filler's own I/O failed)
     */
    public void fill(Path entry, Filler filler) throws IOException {
        Path tmp = null;
        try {
            AtomicFiles.createPrivateDirectories(dir);
            tmp = dir.resolve(".tmp-" + UUID.randomUUID());
            AtomicFiles.createPrivateDirectories(tmp);
            Path tree = tmp.resolve("tree");
            Map<String, String> fields = filler.fill(tmp, tree);
            ObjectNode meta = new ObjectMapper().createObjectNode();
            fields.forEach(meta::put);
            meta.put("fetched_at", clock.instant().toString());
            AtomicFiles.write(tmp.resolve("meta.json"), (meta.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                // Another launch filled the entry first; its content is for the same source.
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename into " + entry + " atomically", e);
            }
        } finally {
            if (tmp != null) {
                try {
                    deleteTree(tmp);
                } catch (IOException ignored) {
                    // a stale .tmp-* directory is ignored by every reader
                }
            }
        }
    }

    /**
     * Clones {@code url} at {@code ref} into {@code tree} (which must not exist) and removes its {@code .git}.
     *
     * @return the commit checked out
     */
    public String cloneInto(String url, Optional<String> ref, Path workDir, Path tree)
            throws GitCli.GitException, IOException {
        String commit = fetch(url, ref, workDir, tree);
        deleteTree(tree.resolve(".git"));
        return commit;
    }

    private String fetch(String url, Optional<String> ref, Path workDir, Path tree) throws GitCli.GitException {
        List<String> noHooks = List.of("-c", "core.hooksPath=/dev/null", "-c", "advice.detachedHead=false");
        if (ref.isPresent() && COMMIT.matcher(ref.get()).matches()) {
            String sha = ref.get().toLowerCase(Locale.ROOT);
            git.run(workDir, List.of("init", "-q", tree.toString()));
            try {
                git.run(tree, concat(noHooks, "fetch", "-q", "--depth", "1", "--", url, sha));
            } catch (GitCli.GitException shallowRefused) {
                // Servers that refuse an unadvertised object by id: fetch the branches and tags instead.
                git.run(tree, concat(noHooks, "fetch", "-q", "--", url, "+refs/heads/*:refs/remotes/origin/*",
                        "+refs/tags/*:refs/tags/*"));
            }
            git.run(tree, concat(noHooks, "checkout", "-q", "--detach", sha));
        } else {
            List<String> args = new ArrayList<>(concat(noHooks, "clone", "-q", "--depth", "1", "--no-tags"));
            ref.ifPresent(r -> args.addAll(List.of("--branch", r)));
            args.addAll(List.of("--", url, tree.toString()));
            git.run(workDir, args);
        }
        // Output is stdout and stderr together: take the line that is a commit id, not a stray warning.
        String head = git.run(tree, List.of("rev-parse", "HEAD")).lines().map(String::strip)
                .filter(l -> COMMIT.matcher(l).matches()).reduce((a, b) -> b)
                .orElseThrow(() -> new GitCli.GitException("git rev-parse HEAD printed no commit id", null));
        if (ref.isPresent() && COMMIT.matcher(ref.get()).matches() && !head.equalsIgnoreCase(ref.get())) {
            throw new GitCli.GitException("checked out " + head + " instead of " + ref.get(), null);
        }
        return head;
    }

    /** {@code https://}, {@code ssh://}, {@code file://} or scp-like {@code git@host:path}, no control characters. */
    public static boolean isAcceptedGitUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        boolean ok = (lower.startsWith("https://") && url.length() > 8)
                || (lower.startsWith("ssh://") && url.length() > 6)
                || (lower.startsWith("file://") && url.length() > 7)
                || (!url.contains("://") && SCP.matcher(url).matches());
        return ok && url.chars().noneMatch(c -> c < 0x20 || c == ' ');
    }

    /** A branch, tag or 40-hex commit name that cannot be read as an option or leave the ref namespace. */
    public static boolean isSafeRef(String ref) {
        return REF.matcher(ref).matches() && !ref.contains("..");
    }

    /** {@code raw} as a {@code /}-joined path inside a tree ({@code ""} = its root), or empty if it could leave it. */
    public static Optional<String> inTreePath(String raw) {
        List<String> segs = new ArrayList<>();
        for (String s : raw.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..") || s.contains("\\") || s.chars().anyMatch(c -> c < 0x20)) {
                return Optional.empty();
            }
            segs.add(s);
        }
        return Optional.of(String.join("/", segs));
    }

    /** The first component of {@code dir} below {@code tree} that is a symlink, relative to {@code tree}. */
    public static Optional<Path> firstSymlinkBelow(Path tree, Path dir) {
        Path cur = tree;
        for (Path seg : tree.relativize(dir)) {
            if (seg.toString().isEmpty()) {
                continue;
            }
            cur = cur.resolve(seg);
            if (Files.isSymbolicLink(cur)) {
                return Optional.of(tree.relativize(cur));
            }
        }
        return Optional.empty();
    }

    /** A field of an entry's {@code meta.json}, or {@code unknown}. */
    public static String readMeta(Path entry, String field) {
        try {
            return new ObjectMapper().readTree(entry.resolve("meta.json").toFile()).path(field).asText("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** {@code sha256(id NUL ref)} in hex. */
    public static String key(String id, String ref) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(id.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(ref.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** Deletes {@code root} and everything below it, without following links; absent is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}

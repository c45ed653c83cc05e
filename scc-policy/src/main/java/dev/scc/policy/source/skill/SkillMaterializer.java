package dev.scc.policy.source.skill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.policy.source.internal.AtomicFiles;
import dev.scc.policy.source.internal.GitCli;
import dev.scc.policy.source.internal.HttpsDownloader;
import dev.scc.policy.source.internal.SkillArchive;
import dev.scc.policy.source.internal.SkillTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a governed skill's source into its files, host-side, before a launch:
 *
 * <ul>
 *   <li>{@code local}: {@code source_path}, relative to the org document's directory when the org is a local file
 *       (a relative path with a remote org is an error), must be a directory containing {@code SKILL.md}.
 *   <li>{@code git}: cloned with the host's {@code git} ({@code --depth 1 --branch <ref>} for a branch or tag, a
 *       fetch of the exact commit for a 40-hex {@code source_ref}) into {@code <cache>/skills/<sha256(url, ref)>}
 *       (built in a temp directory, then renamed atomically; without {@code .git}). A cached entry is reused as is;
 *       offline, only the cache is used and a miss fails. URLs: {@code https://}, {@code ssh://},
 *       {@code git@host:path} and {@code file://} only.
 *   <li>{@code url}: an {@code https://} {@code .tar.gz}/{@code .tgz}/{@code .zip} archive, downloaded (no
 *       credentials sent) and unpacked (regular files and directories only) into the same cache, keyed by URL;
 *       {@code source_path} is the skill directory inside it.
 * </ul>
 *
 * Every tree is checked by the same rules (no symlinks, no special files, file and size limits, {@code SKILL.md}
 * front matter {@code name} equal to the skill's name); any failure is a {@link SkillSourceException}.
 */
public final class SkillMaterializer {
    /** At most 1 000 files and 10 MiB per skill. */
    public static final Limits DEFAULT_LIMITS = new Limits(1000, 10L << 20);

    private static final Pattern COMMIT = Pattern.compile("^[0-9a-fA-F]{40}$");
    private static final Pattern REF = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9._/+-]{0,199}$");
    private static final Pattern SCP = Pattern.compile("^[A-Za-z0-9._-]+@[A-Za-z0-9][A-Za-z0-9.-]*:[^:\\s-][^\\s]*$");
    private static final String URL_FORMS = "https://host/repo, ssh://host/repo, git@host:path or file:///path";

    private final Path cacheDir;
    private final Optional<Path> localOrgDir;
    private final boolean offline;
    private final Limits limits;
    private final GitCli git;
    private final Clock clock;
    private final ArchiveDownloader downloader;

    /** HTTPS only (redirects too), no credentials, 60 s per download, at most 32 MiB. */
    public static ArchiveDownloader httpsDownloader() {
        HttpsDownloader d = new HttpsDownloader(Duration.ofSeconds(60), 32 << 20, false);
        return d::download;
    }

    /** Per-skill limits on the copied tree. */
    public record Limits(int maxFiles, long maxBytes) {}

    /**
     * @param sccCacheDir SCC's cache directory ({@code $XDG_CACHE_HOME/scc}); clones go to its {@code skills/}
     * @param localOrgDir the directory of the org document when it is a local file; empty for a remote org
     * @param offline use only cached clones
     * @param gitEnv the environment {@code git} runs with (the invocation's)
     */
    public SkillMaterializer(Path sccCacheDir, Optional<Path> localOrgDir, boolean offline, Limits limits,
            Map<String, String> gitEnv, Clock clock) {
        this(sccCacheDir, localOrgDir, offline, limits, gitEnv, clock, httpsDownloader());
    }

    /** As above, with the downloader for {@code url} sources. */
    public SkillMaterializer(Path sccCacheDir, Optional<Path> localOrgDir, boolean offline, Limits limits,
            Map<String, String> gitEnv, Clock clock, ArchiveDownloader downloader) {
        this.downloader = downloader;
        this.cacheDir = sccCacheDir.resolve("skills");
        this.localOrgDir = localOrgDir.map(p -> p.toAbsolutePath().normalize());
        this.offline = offline;
        this.limits = limits;
        this.git = new GitCli("git", gitEnv, Duration.ofMinutes(5));
        this.clock = clock;
    }

    /** The skill's files, or why there are none to copy. */
    public SkillContent materialize(SkillSource skill) {
        Optional<String> type = skill.effectiveType();
        if (type.isEmpty()) {
            return new SkillContent.NotMaterialized("no source: the rendered SKILL.md is the whole skill");
        }
        return switch (type.get()) {
            case "local" -> local(skill);
            case "git" -> git(skill);
            case "url" -> archive(skill);
            default -> throw new SkillSourceException(skill, "unknown source_type '" + type.get() + "'",
                    "source_type git, local or url");
        };
    }

    private SkillContent local(SkillSource skill) {
        String raw = skill.path().orElseThrow(() -> new SkillSourceException(skill, "a local source needs source_path",
                "source_path naming a directory that contains SKILL.md"));
        Path p = Path.of(raw);
        if (!p.isAbsolute()) {
            if (localOrgDir.isEmpty()) {
                throw new SkillSourceException(skill, "source_path '" + raw + "' is relative, but the org config is "
                        + "remote, so there is no directory to resolve it against",
                        "an absolute source_path, or a git source");
            }
            p = localOrgDir.get().resolve(p);
        }
        Path dir;
        try {
            // The admin's own path may go through symlinks; the tree below it may not.
            dir = p.toRealPath();
        } catch (IOException e) {
            throw new SkillSourceException(skill, "the skill directory " + p.normalize() + " does not exist",
                    "source_path naming a directory that contains SKILL.md");
        }
        return SkillTree.read(dir, dir.toString(), skill, limits.maxFiles(), limits.maxBytes());
    }

    private SkillContent git(SkillSource skill) {
        String url = skill.url().orElseThrow(() -> new SkillSourceException(skill, "a git source needs source_url",
                URL_FORMS));
        checkUrl(skill, url);
        Optional<String> ref = skill.ref();
        if (ref.isPresent() && (!REF.matcher(ref.get()).matches() || ref.get().contains(".."))) {
            throw new SkillSourceException(skill, "source_ref '" + ref.get() + "' is not a branch, tag or commit name",
                    "letters, digits, '.', '_', '/', '+', '-' (not starting with '-'), or a 40-hex commit");
        }
        String inRepo = inRepoPath(skill);
        Path entry = cacheDir.resolve(key(url, ref.orElse("")));
        Path tree = entry.resolve("tree");
        if (!Files.isRegularFile(entry.resolve("meta.json")) || !Files.isDirectory(tree)) {
            if (offline) {
                throw new SkillSourceException(skill, "offline and not in the skill cache (" + cacheDir + ")",
                        "one online launch (without --offline) to fill the cache");
            }
            clone(skill, url, ref, entry);
        }
        String commit = readMeta(entry, "commit");
        Path dir = inRepo.isEmpty() ? tree : tree.resolve(inRepo);
        // Each segment is checked, so no component below the clone root may be a symlink either.
        Path cur = tree;
        for (Path seg : tree.relativize(dir)) {
            if (seg.toString().isEmpty()) {
                continue;
            }
            cur = cur.resolve(seg);
            if (Files.isSymbolicLink(cur)) {
                throw new SkillSourceException(skill, "source_path component '" + tree.relativize(cur)
                        + "' is a symlink, which SCC does not follow", "a real directory inside the repository");
            }
        }
        String origin = SkillSource.redact(url) + ref.map(r -> " @ " + r).orElse("") + " (commit " + commit + ")"
                + (inRepo.isEmpty() ? "" : " path " + inRepo);
        return SkillTree.read(dir, origin, skill, limits.maxFiles(), limits.maxBytes());
    }

    private static void checkUrl(SkillSource skill, String url) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        boolean ok = (lower.startsWith("https://") && url.length() > 8)
                || (lower.startsWith("ssh://") && url.length() > 6)
                || (lower.startsWith("file://") && url.length() > 7)
                || (!url.contains("://") && SCP.matcher(url).matches());
        if (!ok || url.chars().anyMatch(c -> c < 0x20 || c == ' ')) {
            throw new SkillSourceException(skill, "source_url '" + SkillSource.redact(url) + "' is not an accepted git "
                    + "URL", URL_FORMS);
        }
    }

    /** {@code source_path} as a relative path inside the repository ({@code ""} = its root); never leaves it. */
    private static String inRepoPath(SkillSource skill) {
        String raw = skill.path().orElse("");
        List<String> segs = new ArrayList<>();
        for (String s : raw.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..") || s.contains("\\") || s.chars().anyMatch(c -> c < 0x20)) {
                throw new SkillSourceException(skill, "source_path '" + raw + "' leaves the repository or has an "
                        + "unsafe segment", "a path inside the repository, without '..'");
            }
            segs.add(s);
        }
        return String.join("/", segs);
    }

    /** What fills a cache entry's {@code tree}: writes it and returns the entry's identifying metadata. */
    @FunctionalInterface
    private interface Filler {
        Map<String, String> fill(Path workDir, Path tree) throws IOException, SkillSourceException;
    }

    /** Builds the entry in a private temp directory next to it, then renames it into place atomically. */
    private void fill(SkillSource skill, Path entry, Filler filler) {
        Path tmp = null;
        try {
            AtomicFiles.createPrivateDirectories(cacheDir);
            tmp = cacheDir.resolve(".tmp-" + UUID.randomUUID());
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
        } catch (IOException e) {
            throw new SkillSourceException(skill, "cannot write the skill cache: " + e.getMessage(),
                    "a writable " + cacheDir, e);
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

    private void clone(SkillSource skill, String url, Optional<String> ref, Path entry) {
        fill(skill, entry, (workDir, tree) -> {
            String commit;
            try {
                commit = fetch(url, ref, workDir, tree);
            } catch (GitCli.GitException e) {
                String msg = e.getMessage().replace(url, SkillSource.redact(url));
                throw new SkillSourceException(skill, "cannot clone: " + msg,
                        "a reachable repository and an existing ref (run 'git clone' by hand to check access)");
            }
            deleteTree(tree.resolve(".git"));
            return Map.of("source_url", SkillSource.redact(url), "source_ref", ref.orElse(""), "commit", commit);
        });
    }

    private SkillContent archive(SkillSource skill) {
        String expected = "an https:// URL of a .tar.gz, .tgz or .zip archive, without credentials";
        String url = skill.url().orElseThrow(() -> new SkillSourceException(skill, "a url source needs source_url",
                expected));
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new SkillSourceException(skill, "source_url is not a URL", expected);
        }
        Optional<String> kind = Optional.ofNullable(uri.getPath()).flatMap(SkillArchive::kind);
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null
                || kind.isEmpty()) {
            throw new SkillSourceException(skill, "source_url '" + SkillSource.redact(url) + "' is not an accepted "
                    + "archive URL", expected);
        }
        String inArchive = inRepoPath(skill);
        Path entry = cacheDir.resolve(key("url:" + url, ""));
        if (!Files.isRegularFile(entry.resolve("meta.json")) || !Files.isDirectory(entry.resolve("tree"))) {
            if (offline) {
                throw new SkillSourceException(skill, "offline and not in the skill cache (" + cacheDir + ")",
                        "one online launch (without --offline) to fill the cache");
            }
            fill(skill, entry, (workDir, tree) -> {
                byte[] bytes;
                try {
                    bytes = downloader.download(uri);
                } catch (IOException e) {
                    throw new SkillSourceException(skill, "cannot download: " + e.getMessage(),
                            "a reachable " + expected, e);
                }
                try {
                    SkillArchive.unpack(kind.get(), bytes, tree);
                } catch (SkillArchive.ArchiveException e) {
                    throw new SkillSourceException(skill, "unsafe archive: " + e.getMessage(), expected);
                } catch (IOException e) {
                    throw new SkillSourceException(skill, "cannot unpack the " + kind.get() + " archive: "
                            + e.getMessage(), expected, e);
                }
                return Map.of("source_url", url, "sha256", HexFormat.of().formatHex(sha256(bytes)));
            });
        }
        Path tree = entry.resolve("tree");
        Path dir = inArchive.isEmpty() ? tree : tree.resolve(inArchive);
        String origin = url + " (sha256 " + readMeta(entry, "sha256") + ")" + (inArchive.isEmpty() ? "" : " path "
                + inArchive);
        return SkillTree.read(dir, origin, skill, limits.maxFiles(), limits.maxBytes());
    }

    /** Runs the clone; returns the commit checked out. */
    private String fetch(String url, Optional<String> ref, Path workDir, Path tree) throws GitCli.GitException {
        List<String> noHooks = List.of("-c", "core.hooksPath=/dev/null", "-c", "advice.detachedHead=false");
        if (ref.isPresent() && COMMIT.matcher(ref.get()).matches()) {
            String sha = ref.get().toLowerCase(java.util.Locale.ROOT);
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

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }

    private static String readMeta(Path entry, String field) {
        try {
            return new ObjectMapper().readTree(entry.resolve("meta.json").toFile()).path(field).asText("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private static String key(String url, String ref) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(url.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(ref.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package dev.scc.policy.source.skill;

import dev.scc.policy.source.TreeContent;
import dev.scc.policy.source.internal.GitCli;
import dev.scc.policy.source.internal.GitTreeCache;
import dev.scc.policy.source.internal.HttpsDownloader;
import dev.scc.policy.source.internal.SkillArchive;
import dev.scc.policy.source.internal.SkillTree;
import dev.scc.safety.audit.Redactor;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    public static final TreeContent.Limits DEFAULT_LIMITS = new TreeContent.Limits(1000, 10L << 20);

    private static final String URL_FORMS = GitTreeCache.URL_FORMS;
    /** The one redactor every message and record passes a URL through (credentials, tokens, secret parameters). */
    private static final Redactor REDACTOR = new Redactor();

    private final Path cacheDir;
    private final Optional<Path> localOrgDir;
    private final boolean offline;
    private final TreeContent.Limits limits;
    private final GitTreeCache cache;
    private final ArchiveDownloader downloader;
    private final boolean planOnly;
    private final List<String> wouldFetch = new ArrayList<>();

    /** HTTPS only (redirects too), no credentials, 60 s per download, at most 32 MiB. */
    public static ArchiveDownloader httpsDownloader() {
        HttpsDownloader d = new HttpsDownloader(Duration.ofSeconds(60), 32 << 20, false);
        return d::download;
    }

    /**
     * @param sccCacheDir SCC's cache directory ({@code $XDG_CACHE_HOME/scc}); clones go to its {@code skills/}
     * @param localOrgDir the directory of the org document when it is a local file; empty for a remote org
     * @param offline use only cached clones
     * @param gitEnv the environment {@code git} runs with (the invocation's)
     */
    public SkillMaterializer(Path sccCacheDir, Optional<Path> localOrgDir, boolean offline, TreeContent.Limits limits,
            Map<String, String> gitEnv, Clock clock) {
        this(sccCacheDir, localOrgDir, offline, limits, gitEnv, clock, httpsDownloader());
    }

    /** As above, with the downloader for {@code url} sources. */
    public SkillMaterializer(Path sccCacheDir, Optional<Path> localOrgDir, boolean offline, TreeContent.Limits limits,
            Map<String, String> gitEnv, Clock clock, ArchiveDownloader downloader) {
        this(sccCacheDir, localOrgDir, offline, false, limits, gitEnv, clock, downloader);
    }

    /**
     * As above; with {@code planOnly} (a dry run) nothing is cloned or downloaded: a source missing from the cache is
     * reported by {@link #wouldFetch()} and left unmaterialised (offline, the miss fails as the launch would).
     */
    public SkillMaterializer(Path sccCacheDir, Optional<Path> localOrgDir, boolean offline, boolean planOnly,
            TreeContent.Limits limits, Map<String, String> gitEnv, Clock clock, ArchiveDownloader downloader) {
        this.planOnly = planOnly;
        this.downloader = downloader;
        this.cacheDir = sccCacheDir.resolve("skills");
        this.localOrgDir = localOrgDir.map(p -> p.toAbsolutePath().normalize());
        this.offline = offline;
        this.limits = limits;
        this.cache = new GitTreeCache(cacheDir, gitEnv, clock);
    }

    /** In a dry run: the sources a real launch would fetch (not yet cached), as messages name them. */
    public List<String> wouldFetch() {
        return List.copyOf(wouldFetch);
    }

    /** The skill's files, or why there are none to copy. */
    public TreeContent materialize(SkillSource skill) {
        Optional<String> type = skill.effectiveType();
        if (type.isEmpty()) {
            return new TreeContent.NotMaterialized("no source: the rendered SKILL.md is the whole skill");
        }
        return switch (type.get()) {
            case "local" -> local(skill);
            case "git" -> git(skill);
            case "url" -> archive(skill);
            default -> throw new SkillSourceException(skill, "unknown source_type '" + type.get() + "'",
                    "source_type git, local or url");
        };
    }

    private TreeContent local(SkillSource skill) {
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

    private TreeContent git(SkillSource skill) {
        String url = skill.url().orElseThrow(() -> new SkillSourceException(skill, "a git source needs source_url",
                URL_FORMS));
        checkUrl(skill, url);
        Optional<String> ref = skill.ref();
        if (ref.isPresent() && !GitTreeCache.isSafeRef(ref.get())) {
            throw new SkillSourceException(skill, "source_ref '" + ref.get() + "' is not a branch, tag or commit name",
                    "letters, digits, '.', '_', '/', '+', '-' (not starting with '-'), or a 40-hex commit");
        }
        String inRepo = inRepoPath(skill);
        Path entry = cache.entry(url, ref.orElse(""));
        Path tree = entry.resolve("tree");
        if (!GitTreeCache.isFilled(entry)) {
            if (offline) {
                throw new SkillSourceException(skill, "offline and not in the skill cache (" + cacheDir + ")",
                        "one online launch (without --offline) to fill the cache");
            }
            if (planOnly) {
                wouldFetch.add(skill.artifactKey() + ": " + REDACTOR.redact(url));
                return new TreeContent.NotMaterialized("dry run: not cached, would be fetched");
            }
            clone(skill, url, ref, entry);
        }
        String commit = GitTreeCache.readMeta(entry, "commit");
        Path dir = inRepo.isEmpty() ? tree : tree.resolve(inRepo);
        // Each segment is checked, so no component below the clone root may be a symlink either.
        Optional<Path> link = GitTreeCache.firstSymlinkBelow(tree, dir);
        if (link.isPresent()) {
            throw new SkillSourceException(skill, "source_path component '" + link.get()
                    + "' is a symlink, which SCC does not follow", "a real directory inside the repository");
        }
        String origin = REDACTOR.redact(url) + ref.map(r -> " @ " + r).orElse("") + " (commit " + commit + ")"
                + (inRepo.isEmpty() ? "" : " path " + inRepo);
        return SkillTree.read(dir, origin, skill, limits.maxFiles(), limits.maxBytes());
    }

    private static void checkUrl(SkillSource skill, String url) {
        if (!GitTreeCache.isAcceptedGitUrl(url)) {
            throw new SkillSourceException(skill, "source_url '" + REDACTOR.redact(url) + "' is not an accepted git "
                    + "URL", URL_FORMS);
        }
    }

    /** {@code source_path} as a relative path inside the repository ({@code ""} = its root); never leaves it. */
    private static String inRepoPath(SkillSource skill) {
        String raw = skill.path().orElse("");
        return GitTreeCache.inTreePath(raw).orElseThrow(() -> new SkillSourceException(skill, "source_path '" + raw
                + "' leaves the repository or has an unsafe segment", "a path inside the repository, without '..'"));
    }

    /** Builds the entry in a private temp directory next to it, then renames it into place atomically. */
    private void fill(SkillSource skill, Path entry, GitTreeCache.Filler filler) {
        try {
            cache.fill(entry, filler);
        } catch (IOException e) {
            throw new SkillSourceException(skill, "cannot write the skill cache: " + e.getMessage(),
                    "a writable " + cacheDir, e);
        }
    }

    private void clone(SkillSource skill, String url, Optional<String> ref, Path entry) {
        fill(skill, entry, (workDir, tree) -> {
            String commit;
            try {
                commit = cache.cloneInto(url, ref, workDir, tree);
            } catch (GitCli.GitException e) {
                String msg = e.getMessage().replace(url, REDACTOR.redact(url));
                throw new SkillSourceException(skill, "cannot clone: " + msg,
                        "a reachable repository and an existing ref (run 'git clone' by hand to check access)");
            }
            return Map.of("source_url", REDACTOR.redact(url), "source_ref", ref.orElse(""), "commit", commit);
        });
    }

    private TreeContent archive(SkillSource skill) {
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
            throw new SkillSourceException(skill, "source_url '" + REDACTOR.redact(url) + "' is not an accepted "
                    + "archive URL", expected);
        }
        String inArchive = inRepoPath(skill);
        Path entry = cache.entry("url:" + url, "");
        if (!GitTreeCache.isFilled(entry)) {
            if (offline) {
                throw new SkillSourceException(skill, "offline and not in the skill cache (" + cacheDir + ")",
                        "one online launch (without --offline) to fill the cache");
            }
            if (planOnly) {
                wouldFetch.add(skill.artifactKey() + ": " + REDACTOR.redact(url));
                return new TreeContent.NotMaterialized("dry run: not cached, would be fetched");
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
        String origin = url + " (sha256 " + GitTreeCache.readMeta(entry, "sha256") + ")" + (inArchive.isEmpty() ? "" : " path "
                + inArchive);
        return SkillTree.read(dir, origin, skill, limits.maxFiles(), limits.maxBytes());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}

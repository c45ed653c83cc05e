package dev.scc.policy.source.marketplace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.core.model.MarketplaceSource;
import dev.scc.policy.source.TreeContent;
import dev.scc.policy.source.internal.GitCli;
import dev.scc.policy.source.internal.GitTreeCache;
import dev.scc.policy.source.internal.SafeTree;
import dev.scc.safety.audit.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fetches a governed plugin marketplace host-side, before a launch, so the agent reads it from a local directory
 * instead of fetching it itself (which an egress-governed sandbox would refuse):
 *
 * <ul>
 *   <li>{@code github} ({@code https://github.com/<repo>.git}) and {@code git} sources are cloned with the host's
 *       {@code git} (the skill machinery: {@code --depth 1 --branch <ref>}, or an exact fetch for a 40-hex ref; hooks
 *       off; credentials only from the host's git configuration, never from the source's {@code headers}) into
 *       {@code <cache>/marketplaces/<sha256(url, ref)>}, built aside and renamed into place atomically, without
 *       {@code .git}. A cached entry is reused as is; offline, only the cache is used and a miss fails.
 *   <li>{@code url} and {@code directory} sources are {@link TreeContent.NotMaterialized}: they stay the
 *       provider's own.
 * </ul>
 *
 * The marketplace root ({@code path} inside the repository, or its top) is read with the same tree rules as skills
 * (no symlinks, no special files, no unsafe names, {@link #DEFAULT_LIMITS}) and must hold
 * {@code .claude-plugin/marketplace.json} whose {@code name} is the marketplace's name (Claude keys a marketplace by
 * that name; Codex reads the same Claude-format catalog). Any failure is a {@link MarketplaceSourceException}.
 */
public final class MarketplaceMaterializer {
    /** At most 5 000 files and 50 MiB per marketplace (it holds several plugins; a skill gets 1 000 / 10 MiB). */
    public static final TreeContent.Limits DEFAULT_LIMITS = new TreeContent.Limits(5000, 50L << 20);

    /** The catalog every materialised marketplace must hold, relative to its root. */
    public static final String CATALOG = ".claude-plugin/marketplace.json";

    private static final Pattern GITHUB_PART = Pattern.compile("^[A-Za-z0-9_.-]{1,100}$");

    /** The one redactor every message and record passes a URL through (credentials, tokens, secret parameters). */
    private static final Redactor REDACTOR = new Redactor();

    private final GitTreeCache cache;
    private final boolean offline;
    private final TreeContent.Limits limits;
    private final Optional<Path> localOrgDir;
    private final boolean planOnly;
    private final List<String> wouldFetch = new ArrayList<>();

    /**
     * @param sccCacheDir SCC's cache directory ({@code $XDG_CACHE_HOME/scc}); clones go to its {@code marketplaces/}
     * @param offline use only cached clones
     * @param gitEnv the environment {@code git} runs with (the invocation's)
     */
    public MarketplaceMaterializer(Path sccCacheDir, boolean offline, TreeContent.Limits limits, Map<String, String> gitEnv,
            Clock clock) {
        this(sccCacheDir, Optional.empty(), offline, false, limits, gitEnv, clock);
    }

    /**
     * @param localOrgDir the directory of a local org file: {@code directory} sources relative to it are read from the
     *     host and placed like a clone (empty for a remote org: a relative {@code directory} then fails closed)
     * @param planOnly a dry run: nothing is cloned; a git source missing from the cache is reported by {@link
     *     #wouldFetch()} and left unmaterialised (offline, the miss fails as the launch would)
     */
    public MarketplaceMaterializer(Path sccCacheDir, Optional<Path> localOrgDir, boolean offline, boolean planOnly,
            TreeContent.Limits limits, Map<String, String> gitEnv, Clock clock) {
        this.cache = new GitTreeCache(sccCacheDir.resolve("marketplaces"), gitEnv, clock);
        this.offline = offline;
        this.limits = limits;
        this.localOrgDir = localOrgDir;
        this.planOnly = planOnly;
    }

    /** In a dry run: the sources a real launch would clone (not yet cached), as messages name them. */
    public List<String> wouldFetch() {
        return List.copyOf(wouldFetch);
    }

    /** The source as messages name it: kind, URL (without credentials), ref and path. */
    public static String describe(MarketplaceSource source) {
        if (source instanceof MarketplaceSource.Github g) {
            return "github " + g.owner() + "/" + g.repo() + suffix(g.branch(), g.path());
        } else if (source instanceof MarketplaceSource.Git g) {
            return "git " + REDACTOR.redact(String.valueOf(g.url())) + suffix(g.branch(), g.path());
        } else if (source instanceof MarketplaceSource.Url u) {
            return "url " + REDACTOR.redact(String.valueOf(u.url()));
        } else if (source instanceof MarketplaceSource.Directory d) {
            return "directory " + d.path();
        }
        return source.kind();
    }

    private static String suffix(String ref, String path) {
        return (blank(ref) ? "" : " @ " + ref) + (blank(path) ? "" : " path " + path);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * The marketplace's files, or why it is left to the provider.
     *
     * @param key the plan key ({@code marketplace:<name>}), named in every error
     * @param name the marketplace's name, which its catalog must carry
     */
    public TreeContent materialize(String key, String name, MarketplaceSource source) {
        String url;
        String ref;
        String path;
        if (source instanceof MarketplaceSource.Github g) {
            String repo = g.repo() == null ? "" : g.repo().replaceFirst("\\.git$", "");
            if (g.owner() == null || !GITHUB_PART.matcher(g.owner()).matches() || !GITHUB_PART.matcher(repo).matches()
                    || g.owner().startsWith(".") || repo.startsWith(".")) {
                throw new MarketplaceSourceException(key, describe(source), "not a GitHub owner/repository",
                        "repo: owner/name (letters, digits, '.', '_', '-')");
            }
            url = "https://github.com/" + g.owner() + "/" + repo + ".git";
            ref = g.branch();
            path = g.path();
        } else if (source instanceof MarketplaceSource.Git g) {
            url = g.url() == null ? "" : g.url().strip();
            if (!GitTreeCache.isAcceptedGitUrl(url)) {
                throw new MarketplaceSourceException(key, describe(source), "url '" + REDACTOR.redact(url)
                        + "' is not an accepted git URL", GitTreeCache.URL_FORMS);
            }
            ref = g.branch();
            path = g.path();
        } else if (source instanceof MarketplaceSource.Directory d) {
            return directory(key, name, d);
        } else {
            return new TreeContent.NotMaterialized("a " + source.kind() + " source is read by the provider itself");
        }
        return git(key, name, source, url, Optional.ofNullable(ref).map(String::strip).filter(s -> !s.isEmpty()),
                path == null ? "" : path);
    }

    private TreeContent git(String key, String name, MarketplaceSource source, String url, Optional<String> ref,
            String rawPath) {
        String what = describe(source);
        if (ref.isPresent() && !GitTreeCache.isSafeRef(ref.get())) {
            throw new MarketplaceSourceException(key, what, "ref '" + ref.get() + "' is not a branch, tag or commit name",
                    "letters, digits, '.', '_', '/', '+', '-' (not starting with '-'), or a 40-hex commit");
        }
        String inRepo = GitTreeCache.inTreePath(rawPath).orElseThrow(() -> new MarketplaceSourceException(key, what,
                "path '" + rawPath + "' leaves the repository or has an unsafe segment",
                "a path inside the repository, without '..'"));
        Path entry = cache.entry(url, ref.orElse(""));
        if (!GitTreeCache.isFilled(entry)) {
            if (planOnly && !offline) {
                wouldFetch.add(key + ": " + what);
                return new TreeContent.NotMaterialized("dry run: " + what + " is not cached and would be fetched");
            }
            if (offline) {
                throw new MarketplaceSourceException(key, what, "offline and not in the marketplace cache ("
                        + cache.dir() + ")", "one online launch (without --offline) to fill the cache");
            }
            try {
                cache.fill(entry, (workDir, tree) -> {
                    String commit;
                    try {
                        commit = cache.cloneInto(url, ref, workDir, tree);
                    } catch (GitCli.GitException e) {
                        throw new MarketplaceSourceException(key, what, "cannot clone: "
                                + e.getMessage().replace(url, REDACTOR.redact(url)),
                                "a reachable repository and an existing ref (run 'git clone' by hand to check access)");
                    }
                    return Map.of("source_url", REDACTOR.redact(url), "source_ref", ref.orElse(""),
                            "commit", commit);
                });
            } catch (IOException e) {
                throw new MarketplaceSourceException(key, what, "cannot write the marketplace cache: " + e.getMessage(),
                        "a writable " + cache.dir(), e);
            }
        }
        Path tree = entry.resolve("tree");
        Path root = inRepo.isEmpty() ? tree : tree.resolve(inRepo);
        String origin = REDACTOR.redact(url) + ref.map(r -> " @ " + r).orElse("") + " (commit "
                + GitTreeCache.readMeta(entry, "commit") + ")" + (inRepo.isEmpty() ? "" : " path " + inRepo);
        return tree(key, what, name, tree, root, inRepo, origin);
    }

    /**
     * A {@code directory} source on the host: relative to a local org file's directory (it must exist), or absolute
     * and present on the host. Anything else is left to the provider, as the source says.
     */
    private TreeContent directory(String key, String name, MarketplaceSource.Directory d) {
        String what = describe(d);
        String raw = d.path() == null ? "" : d.path().strip();
        Path p = Path.of(raw);
        if (raw.isEmpty()) {
            throw new MarketplaceSourceException(key, what, "empty path", "a directory holding " + CATALOG);
        }
        if (!p.isAbsolute()) {
            if (localOrgDir.isEmpty()) {
                throw new MarketplaceSourceException(key, what, "the path is relative, but the org config is remote, "
                        + "so there is no directory to resolve it against", "an absolute path, or a git or github source");
            }
            p = localOrgDir.get().resolve(p).normalize();
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new MarketplaceSourceException(key, what, "no directory " + p + " (relative to the org config's "
                        + "directory " + localOrgDir.get() + ")", "a directory holding " + CATALOG);
            }
        } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return new TreeContent.NotMaterialized("an absolute directory not on the host is read by the provider");
        }
        return tree(key, what, name, p, p, "", "directory " + p);
    }

    private TreeContent tree(String key, String what, String name, Path tree, Path root, String inRepo, String origin) {
        Optional<Path> link = GitTreeCache.firstSymlinkBelow(tree, root);
        if (link.isPresent()) {
            throw new MarketplaceSourceException(key, what, "path component '" + link.get() + "' is a symlink, which "
                    + "SCC does not follow", "a real directory inside the repository");
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new MarketplaceSourceException(key, what, "no directory '" + inRepo + "' in the repository",
                    "path naming the marketplace root (the directory holding " + CATALOG + ")");
        }
        var entries = SafeTree.read(root, limits.maxFiles(), limits.maxBytes(), "marketplace",
                (reason, expected, cause) -> new MarketplaceSourceException(key, what, reason, expected, cause));
        var catalog = entries.stream().filter(e -> e.path().equals(CATALOG)).findFirst()
                .orElseThrow(() -> new MarketplaceSourceException(key, what, "no " + CATALOG + " at the marketplace root",
                        "a repository (or path) whose root holds " + CATALOG));
        checkCatalog(key, what, name, catalog.content());
        return new TreeContent.Files(origin, entries);
    }

    /** Claude keys a marketplace by the catalog's own name; a mismatch would leave its plugins unresolvable. */
    private static void checkCatalog(String key, String what, String name, byte[] content) {
        String expected = CATALOG + " with \"name\": \"" + name + "\"";
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(new String(content, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MarketplaceSourceException(key, what, CATALOG + " is not valid JSON: "
                    + e.getOriginalMessage(), expected);
        }
        if (doc == null || !doc.isObject() || !doc.path("name").isTextual()) {
            throw new MarketplaceSourceException(key, what, CATALOG + " has no \"name\"", expected);
        }
        if (!doc.path("name").asText().equals(name)) {
            throw new MarketplaceSourceException(key, what, CATALOG + " names the marketplace '"
                    + doc.path("name").asText() + "', but the org calls it '" + name + "'", expected);
        }
    }
}

package dev.scc.policy.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a source string into a {@link PolicySource}, in the reference's precedence: local file
 * ({@code file:}, {@code ./}, {@code ../}, {@code /}, {@code ~}, or an existing path) &gt;
 * {@code https://} &gt; (reject {@code http://}, {@code ssh://}, {@code git@}) &gt;
 * {@code github:owner/repo[@ref]:path} &gt; {@code gitlab:group/…/repo[@ref]:path} &gt;
 * {@code <host.with.dot>:group/…/repo[@ref]:path} (a GitLab-style host).
 *
 * <p>Shorthands map to raw-file URLs: GitHub {@code https://raw.githubusercontent.com/<o>/<r>/<ref or HEAD>/<path>},
 * GitLab {@code https://<host>/<group/…/repo>/-/raw/<ref or main>/<path>}.
 */
public final class SourceResolver {
    private static final Pattern GITHUB = Pattern.compile(
            "^github:([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/([A-Za-z0-9._-]+)(?:@([^:@\\s]+))?:(.+)$");
    private static final Pattern GITLAB = Pattern.compile(
            "^gitlab:([A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)+)(?:@([^:@\\s]+))?:(.+)$");
    private static final Pattern CUSTOM_GITLAB = Pattern.compile(
            "^([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+):([A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)+)(?:@([^:@\\s]+))?:(.+)$");

    private final Path home;
    private final Path workingDir;
    private final boolean allowLoopbackHttp;

    private SourceResolver(Path home, Path workingDir, boolean allowLoopbackHttp) {
        this.home = Objects.requireNonNull(home);
        this.workingDir = Objects.requireNonNull(workingDir);
        this.allowLoopbackHttp = allowLoopbackHttp;
    }

    /** The production resolver: {@code ~} expands to {@code home}; relative paths resolve against {@code workingDir}. */
    public static SourceResolver of(Path home, Path workingDir) {
        return new SourceResolver(home, workingDir, false);
    }

    /**
     * TEST ONLY: additionally accepts {@code http://127.0.0.1…}, {@code http://localhost…} and
     * {@code http://[::1]…} so tests can serve documents from a loopback server. Never wire this to user
     * input.
     */
    public static SourceResolver forLoopbackTests(Path home, Path workingDir) {
        return new SourceResolver(home, workingDir, true);
    }

    public PolicySource resolve(String raw) {
        String s = raw == null ? "" : raw.trim();
        if (s.isEmpty()) {
            throw new PolicySourceException(s, "empty policy source", "a file path, an https:// URL, or github:/gitlab: shorthand");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            String rest = s.substring(5);
            if (rest.startsWith("//")) {
                try {
                    return local(Path.of(new URI(s)), raw);
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new PolicySourceException(s, "invalid file URL", "file:///absolute/path or file:relative/path");
                }
            }
            return local(path(s, rest), raw);
        }
        if (s.startsWith("./") || s.startsWith("../") || s.startsWith("/") || s.equals("~") || s.startsWith("~/")) {
            return local(path(s, s), raw);
        }
        if (!lower.contains("://") && !lower.startsWith("github:") && !lower.startsWith("gitlab:") && isExistingPath(s)) {
            return local(path(s, s), raw);
        }
        if (lower.startsWith("https://")) {
            return new PolicySource.Remote(httpsUri(s), PolicySource.Host.OTHER, raw);
        }
        if (lower.startsWith("http://")) {
            if (allowLoopbackHttp && isLoopback(s)) {
                return new PolicySource.Remote(uri(s), PolicySource.Host.OTHER, raw);
            }
            throw new PolicySourceException(s, "HTTP is not allowed for policy sources: " + s, "an https:// URL");
        }
        if (lower.startsWith("ssh://") || lower.startsWith("git@") || lower.startsWith("git://")) {
            throw new PolicySourceException(s, "SSH/git URLs are not supported for policy documents: " + s,
                    "an https:// URL or github:owner/repo[@ref]:path / gitlab:group/repo[@ref]:path");
        }
        Matcher gh = GITHUB.matcher(s);
        if (gh.matches()) {
            String ref = gh.group(3) == null ? "HEAD" : gh.group(3);
            return new PolicySource.Remote(raw("raw.githubusercontent.com",
                    "/" + gh.group(1) + "/" + gh.group(2) + "/" + ref + "/" + relPath(s, gh.group(4)), s), PolicySource.Host.GITHUB, raw);
        }
        if (lower.startsWith("github:")) {
            throw new PolicySourceException(s, "invalid github: shorthand '" + s + "'", "github:owner/repo[@ref]:path/to/file");
        }
        Matcher gl = GITLAB.matcher(s);
        if (gl.matches()) {
            return new PolicySource.Remote(gitlab("gitlab.com", gl.group(1), gl.group(2), gl.group(3), s), PolicySource.Host.GITLAB, raw);
        }
        if (lower.startsWith("gitlab:")) {
            throw new PolicySourceException(s, "invalid gitlab: shorthand '" + s + "'", "gitlab:group/[subgroup/]repo[@ref]:path/to/file");
        }
        Matcher cg = CUSTOM_GITLAB.matcher(s);
        if (cg.matches()) {
            return new PolicySource.Remote(gitlab(cg.group(1).toLowerCase(Locale.ROOT), cg.group(2), cg.group(3), cg.group(4), s),
                    PolicySource.Host.GITLAB, raw);
        }
        throw PolicySourceException.notFound(s,
                "unrecognised policy source '" + s + "' (not an existing file, URL or shorthand)", "a file path, an https:// URL, github:owner/repo[@ref]:path or gitlab:group/repo[@ref]:path");
    }

    private PolicySource local(Path p, String raw) {
        return new PolicySource.LocalFile(p, raw);
    }

    private Path path(String original, String text) {
        try {
            if (text.equals("~")) {
                return home;
            }
            if (text.startsWith("~/")) {
                return home.resolve(text.substring(2)).normalize();
            }
            return workingDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new PolicySourceException(original, "invalid file path '" + original + "'", "a valid file path");
        }
    }

    private boolean isExistingPath(String s) {
        try {
            return Files.exists(workingDir.resolve(s));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static URI gitlab(String host, String project, String ref, String path, String original) {
        return raw(host, "/" + project + "/-/raw/" + (ref == null ? "main" : ref) + "/" + relPath(original, path), original);
    }

    private static String relPath(String original, String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty() || p.endsWith("/") || p.contains("..")) {
            throw new PolicySourceException(original, "shorthand path must name a file inside the repository: '" + path + "'",
                    "a file path such as org/config.json");
        }
        return p;
    }

    private static URI raw(String host, String path, String original) {
        try {
            return new URI("https", host, path, null);
        } catch (URISyntaxException e) {
            throw new PolicySourceException(original, "cannot build a URL from '" + original + "'", "a valid shorthand");
        }
    }

    private static URI httpsUri(String s) {
        URI u = uri(s);
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new PolicySourceException(s, "URL has no host: " + s, "https://host/path");
        }
        if (u.getRawUserInfo() != null) {
            // Credentials in a URL end up in caches, logs and error messages; tokens go in env vars.
            throw new PolicySourceException(s, "credentials in the URL are not allowed", "a URL without user:password@; use SCC_ORG_TOKEN");
        }
        return u;
    }

    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new PolicySourceException(s, "invalid URL '" + s + "': " + e.getReason(), "a valid https:// URL");
        }
    }

    static boolean isLoopback(String s) {
        try {
            String host = new URI(s).getHost();
            return "127.0.0.1".equals(host) || "localhost".equalsIgnoreCase(host) || "[::1]".equals(host) || "::1".equals(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

package dev.scc.cli.commands.setup;

import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where an org config comes from, as the user typed it: a local file (read and validated now) or a remote
 * location (an https URL or a shorthand such as {@code github:org/repo}). Remote sources are fetched by
 * {@code dev.scc.policy.source} ({@code scc org update}); setup only stores them.
 */
public sealed interface OrgSource {

    /** What is stored as {@code organization_source.url}: an absolute path or the remote location as given. */
    String location();

    /** A file on this machine. */
    record LocalFile(Path file) implements OrgSource {
        @Override
        public String location() {
            return file.toString();
        }
    }

    /** A URL or shorthand that the org-source fetcher resolves. */
    record Remote(String location) implements OrgSource {}

    /** A scheme of two or more letters, so a Windows drive ({@code C:}) is still a path. */
    Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    /**
     * Classifies {@code text}: {@code file:} URLs and paths are local ({@code ~} is {@code home}, relative paths
     * resolve against {@code cwd}); plain {@code http://}, {@code ssh://} and {@code git@} are refused (the
     * reference only fetches over HTTPS); any other {@code scheme:} is remote.
     *
     * @throws dev.scc.core.SccException of kind {@code INVALID} for a refused scheme
     */
    static OrgSource parse(String text, Path cwd, Path home) {
        return parse(text, cwd, home, false);
    }

    /** As {@link #parse(String, Path, Path)}; {@code loopbackHttp} (tests only) also accepts http://127.0.0.1 URLs. */
    static OrgSource parse(String text, Path cwd, Path home, boolean loopbackHttp) {
        String s = text.strip();
        if (loopbackHttp && s.startsWith("http://127.0.0.1:")) {
            return new Remote(s);
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("file:")) {
            return new LocalFile(Path.of(URI.create(s)).normalize());
        }
        if (s.equals("~") || s.startsWith("~/")) {
            return new LocalFile(home.resolve(s.substring(1).replaceFirst("^/", "")).toAbsolutePath().normalize());
        }
        if (lower.startsWith("http://") || lower.startsWith("ssh://") || lower.startsWith("git@")) {
            throw SetupFlow.usage("unsupported org config source '" + s + "': use a file path, an https:// URL, "
                    + "or github:/gitlab: shorthand");
        }
        if (SCHEME.matcher(s).matches()) {
            return new Remote(s);
        }
        return new LocalFile(cwd.resolve(s).toAbsolutePath().normalize());
    }
}

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

    /** Classifies {@code text}; relative paths are resolved against {@code cwd}. {@code file:} URLs are local. */
    static OrgSource parse(String text, Path cwd) {
        String s = text.strip();
        if (s.startsWith("file:")) {
            return new LocalFile(Path.of(URI.create(s)).normalize());
        }
        if (SCHEME.matcher(s).matches()) {
            return new Remote(s);
        }
        return new LocalFile(cwd.resolve(s).toAbsolutePath().normalize());
    }
}

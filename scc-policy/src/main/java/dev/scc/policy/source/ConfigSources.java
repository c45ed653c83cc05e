package dev.scc.policy.source;

import dev.scc.core.model.ConfigSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a team profile's {@code config_source} to a {@link PolicySource}: the one place that decides where a
 * federated team's own config is fetched from.
 *
 * <ul>
 *   <li>{@code github}: {@code https://raw.githubusercontent.com/<owner>/<repo>/<branch or main>/<path>};
 *       an empty path, {@code "/"} or a path ending in {@code /} means {@code team-config.json} in that
 *       directory (the reference failed on directory paths; its own examples use them).</li>
 *   <li>{@code url}: the HTTPS URL with its {@code headers} ({@code ${VAR}} expanded at fetch time).</li>
 *   <li>{@code file}: a local file, relative to the org config's directory.</li>
 *   <li>{@code git}: a GitLab-style {@code https://host/group/repo(.git)} becomes that host's raw-file
 *       URL, and a {@code https://github.com/owner/repo} URL the GitHub raw-file URL; anything else (SSH) is refused with a reason, since SCC does not run git
 *       to fetch policy.</li>
 * </ul>
 */
public final class ConfigSources {
    /** The file read when a config source names a directory or nothing. */
    public static final String DEFAULT_FILE = "team-config.json";

    private ConfigSources() {}

    /**
     * @param configSource the profile's {@code config_source}
     * @param orgConfigDir directory of the org config, for relative {@code file} paths
     * @param name how to name the source in errors, e.g. {@code profiles.backend.config_source}
     */
    public static PolicySource resolve(ConfigSource configSource, Path orgConfigDir, String name) {
        if (configSource instanceof ConfigSource.Github g) {
            return github(g.owner(), g.repo(), g.branch(), g.path(), g.headers(), name);
        }
        if (configSource instanceof ConfigSource.Url u) {
            String url = u.url();
            if (!url.toLowerCase(Locale.ROOT).startsWith("https://")) {
                throw new PolicySourceException(name, name + ": HTTP is not allowed for team configs: " + url, "an https:// URL");
            }
            try {
                return new PolicySource.Remote(new URI(url), PolicySource.Host.OTHER, name, u.headers());
            } catch (URISyntaxException e) {
                throw new PolicySourceException(name, name + ": invalid URL " + url, "a valid https:// URL");
            }
        }
        if (configSource instanceof ConfigSource.File f) {
            return new PolicySource.LocalFile(orgConfigDir.resolve(f.path()).normalize(), name);
        }
        ConfigSource.Git git = (ConfigSource.Git) configSource;
        String url = git.url();
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            u = null;
        }
        if (u == null || !"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null || u.getPath() == null
                || u.getPath().split("/").length < 3) {
            throw new PolicySourceException(name, name + ": git source " + url + " cannot be fetched over HTTPS",
                    "a github, url or file config_source, or an https:// GitLab repository URL");
        }
        String project = u.getPath().replaceFirst("^/", "").replaceFirst("\\.git$", "");
        if (u.getHost().equalsIgnoreCase("github.com")) {
            String[] ownerRepo = project.split("/", 2);
            return github(ownerRepo[0], ownerRepo[1], git.branch(), git.path(), Map.of(), name);
        }
        String branch = git.branch().isEmpty() ? "main" : git.branch();
        return new PolicySource.Remote(uri(name, "https", u.getHost(), "/" + project + "/-/raw/" + branch + "/"
                + filePath(git.path())), PolicySource.Host.GITLAB, name, Map.of());
    }

    private static PolicySource github(String owner, String repo, String branch, String path, Map<String, String> headers,
            String name) {
        return new PolicySource.Remote(uri(name, "https", "raw.githubusercontent.com",
                "/" + owner + "/" + repo + "/" + (branch.isEmpty() ? "main" : branch) + "/" + filePath(path)),
                PolicySource.Host.GITHUB, name, headers);
    }

    private static String filePath(String raw) {
        String p = raw.startsWith("/") ? raw.substring(1) : raw;
        if (p.isEmpty()) {
            return DEFAULT_FILE;
        }
        return p.endsWith("/") ? p + DEFAULT_FILE : p;
    }

    private static URI uri(String name, String scheme, String host, String path) {
        if (path.contains("/../") || path.endsWith("/..")) {
            throw new PolicySourceException(name, name + ": path must stay inside the repository", "a file path inside the repository");
        }
        try {
            return new URI(scheme, host, path, null);
        } catch (URISyntaxException e) {
            throw new PolicySourceException(name, name + ": cannot build a URL (" + e.getReason() + ")", "valid owner, repo and path");
        }
    }
}

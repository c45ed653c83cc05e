package dev.scc.policy.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a team profile's {@code config_source} object (org-v1 ConfigSource) to a {@link PolicySource}.
 *
 * <ul>
 *   <li>{@code github}: {@code https://raw.githubusercontent.com/<owner>/<repo>/<branch or main>/<path>};
 *       an empty path, {@code "/"} or a path ending in {@code /} means {@code team-config.json} in that
 *       directory (the reference failed on directory paths; its own examples use them).</li>
 *   <li>{@code url}: the HTTPS URL with its {@code headers} ({@code ${VAR}} expanded at fetch time).</li>
 *   <li>{@code file}: a local file, relative to the org config's directory.</li>
 *   <li>{@code git}: a GitLab-style {@code https://host/group/repo(.git)} becomes that host's raw-file
 *       URL; anything else (SSH, other forges) is refused with a reason, since SCC does not run git
 *       to fetch policy.</li>
 * </ul>
 */
public final class ConfigSources {
    /** The file read when a config source names a directory or nothing. */
    public static final String DEFAULT_FILE = "team-config.json";

    private ConfigSources() {}

    /**
     * @param configSource the {@code config_source} object (schema-valid)
     * @param orgConfigDir directory of the org config, for relative {@code file} paths
     * @param name how to name the source in errors, e.g. {@code profiles.backend.config_source}
     */
    public static PolicySource resolve(JsonNode configSource, Path orgConfigDir, String name) {
        String kind = configSource.path("source").asText("");
        switch (kind) {
            case "github": {
                String owner = configSource.path("owner").asText();
                String repo = configSource.path("repo").asText();
                String branch = configSource.path("branch").asText("main");
                String path = filePath(configSource.path("path").asText(""));
                return new PolicySource.Remote(uri(name, "https", "raw.githubusercontent.com",
                        "/" + owner + "/" + repo + "/" + (branch.isEmpty() ? "main" : branch) + "/" + path),
                        PolicySource.Host.GITHUB, name, headers(configSource));
            }
            case "url": {
                String url = configSource.path("url").asText();
                if (!url.toLowerCase(Locale.ROOT).startsWith("https://")) {
                    throw new PolicySourceException(name, name + ": HTTP is not allowed for team configs: " + url, "an https:// URL");
                }
                try {
                    return new PolicySource.Remote(new URI(url), PolicySource.Host.OTHER, name, headers(configSource));
                } catch (URISyntaxException e) {
                    throw new PolicySourceException(name, name + ": invalid URL " + url, "a valid https:// URL");
                }
            }
            case "file":
                return new PolicySource.LocalFile(orgConfigDir.resolve(configSource.path("path").asText()).normalize(), name);
            case "git": {
                String url = configSource.path("url").asText();
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
                String branch = configSource.path("branch").asText("main");
                String path = filePath(configSource.path("path").asText(""));
                return new PolicySource.Remote(uri(name, "https", u.getHost(), "/" + project + "/-/raw/" + branch + "/" + path),
                        PolicySource.Host.GITLAB, name, Map.of());
            }
            default:
                throw new PolicySourceException(name, name + ": unknown config_source type '" + kind + "'", "github, git, url or file");
        }
    }

    private static String filePath(String raw) {
        String p = raw.startsWith("/") ? raw.substring(1) : raw;
        if (p.isEmpty()) {
            return DEFAULT_FILE;
        }
        return p.endsWith("/") ? p + DEFAULT_FILE : p;
    }

    private static Map<String, String> headers(JsonNode cs) {
        Map<String, String> out = new LinkedHashMap<>();
        cs.path("headers").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
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

package dev.scc.policy.source;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The base directories SCC uses, per the XDG base-directory spec: {@code $XDG_CONFIG_HOME} (default
 * {@code ~/.config}) and {@code $XDG_CACHE_HOME} (default {@code ~/.cache}). Relative XDG values are
 * ignored, as the spec requires. SCC's own directories are the {@code scc} subdirectories.
 */
public record XdgDirs(Path home, Path configHome, Path cacheHome) {
    public XdgDirs {
        Objects.requireNonNull(home);
        Objects.requireNonNull(configHome);
        Objects.requireNonNull(cacheHome);
    }

    /** Builds the directories from an environment map and the user's home directory. */
    public static XdgDirs from(Map<String, String> env, Path userHome) {
        return new XdgDirs(userHome, pick(env.get("XDG_CONFIG_HOME"), userHome.resolve(".config")),
                pick(env.get("XDG_CACHE_HOME"), userHome.resolve(".cache")));
    }

    /** {@code <configHome>/scc}. */
    public Path sccConfigDir() {
        return configHome.resolve("scc");
    }

    /** {@code <cacheHome>/scc}. */
    public Path sccCacheDir() {
        return cacheHome.resolve("scc");
    }

    private static Path pick(String value, Path fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Path p = Path.of(value);
        return p.isAbsolute() ? p : fallback;
    }
}

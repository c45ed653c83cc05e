package dev.scc.policy.source;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The base directories SCC uses, per the XDG base-directory spec: {@code $XDG_CONFIG_HOME} (default
 * {@code ~/.config}), {@code $XDG_CACHE_HOME} (default {@code ~/.cache}) and {@code $XDG_STATE_HOME} (default
 * {@code ~/.local/state}). Relative XDG values are ignored, as the spec requires. SCC's own directories are the
 * {@code scc} subdirectories. This is the one place these are resolved.
 */
public record XdgDirs(Path home, Path configHome, Path cacheHome, Path stateHome) {
    public XdgDirs {
        Objects.requireNonNull(home);
        Objects.requireNonNull(configHome);
        Objects.requireNonNull(cacheHome);
        Objects.requireNonNull(stateHome);
    }

    /** Builds the directories from an environment map and the user's home directory. */
    public static XdgDirs from(Map<String, String> env, Path userHome) {
        return new XdgDirs(userHome, pick(env.get("XDG_CONFIG_HOME"), userHome.resolve(".config")),
                pick(env.get("XDG_CACHE_HOME"), userHome.resolve(".cache")),
                pick(env.get("XDG_STATE_HOME"), userHome.resolve(".local/state")));
    }

    /** {@code <configHome>/scc}. */
    public Path sccConfigDir() {
        return configHome.resolve("scc");
    }

    /** {@code <cacheHome>/scc}. */
    public Path sccCacheDir() {
        return cacheHome.resolve("scc");
    }

    /** {@code <stateHome>/scc}: sessions, the audit log. */
    public Path sccStateDir() {
        return stateHome.resolve("scc");
    }

    /** The user config file, {@code <configHome>/scc/config.json}. */
    public Path userConfigFile() {
        return sccConfigDir().resolve("config.json");
    }

    private static Path pick(String value, Path fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Path p = Path.of(value);
        return p.isAbsolute() ? p : fallback;
    }
}

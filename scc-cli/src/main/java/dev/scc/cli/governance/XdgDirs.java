package dev.scc.cli.governance;

import java.nio.file.Path;
import java.util.Map;

/** The XDG base directories SCC uses, resolved once from the environment (injected for tests). */
public record XdgDirs(Path configHome, Path cacheHome, Path stateHome) {

    /** From an environment map and a home directory, with the XDG defaults. */
    public static XdgDirs from(Map<String, String> env, Path home) {
        return new XdgDirs(dir(env, "XDG_CONFIG_HOME", home.resolve(".config")),
                dir(env, "XDG_CACHE_HOME", home.resolve(".cache")),
                dir(env, "XDG_STATE_HOME", home.resolve(".local/state")));
    }

    /** From this process's environment. */
    public static XdgDirs fromSystem() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    private static Path dir(Map<String, String> env, String key, Path dflt) {
        String v = env.get(key);
        // The spec says relative values are invalid and must be ignored.
        return v != null && !v.isBlank() && Path.of(v).isAbsolute() ? Path.of(v) : dflt;
    }

    /** {@code $XDG_CONFIG_HOME/scc}. */
    public Path sccConfig() {
        return configHome.resolve("scc");
    }

    /** {@code $XDG_CACHE_HOME/scc}. */
    public Path sccCache() {
        return cacheHome.resolve("scc");
    }

    /** {@code $XDG_STATE_HOME/scc}. */
    public Path sccState() {
        return stateHome.resolve("scc");
    }

    /** The user config file. */
    public Path userConfigFile() {
        return sccConfig().resolve("config.json");
    }
}

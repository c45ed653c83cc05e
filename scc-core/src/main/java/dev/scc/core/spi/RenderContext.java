package dev.scc.core.spi;

import java.util.Objects;

/**
 * Container facts a renderer needs to place files.
 *
 * @param agentHome absolute container path of the agent user's HOME, for user-scope surfaces
 */
public record RenderContext(String agentHome) {

    /** {@code /home/agent}, the home of the sandbox image's agent user. */
    public static final RenderContext DEFAULTS = new RenderContext("/home/agent");

    public RenderContext {
        Objects.requireNonNull(agentHome, "agentHome");
        if (!agentHome.startsWith("/") || agentHome.contains("..")) {
            throw new IllegalArgumentException("agentHome must be an absolute container path, got '" + agentHome + "'");
        }
    }

    /** {@link #agentHome()} as a root-relative path prefix without leading or trailing slash. */
    public String agentHomeRelative() {
        String h = agentHome.replaceAll("^/+", "").replaceAll("/+$", "");
        return h;
    }
}

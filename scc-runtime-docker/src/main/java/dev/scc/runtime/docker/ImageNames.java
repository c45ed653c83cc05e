package dev.scc.runtime.docker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;

/**
 * The image references the runtime builds and runs. SCC tags its own images with its version ({@link #VERSION}),
 * never {@code latest}, so an org that blocks {@code *:latest} base images never blocks SCC itself; each image also
 * carries the digest of what it was built from in the label {@link #CONTENT_DIGEST_LABEL}.
 *
 * @param agentTag the tag of the agent images ({@code scc-agent-<provider>:<agentTag>})
 */
public record ImageNames(String base, String proxy, String agentPrefix, String agentTag) {
    /** The SCC version this runtime was built as: the tag of SCC's own images. */
    public static final String VERSION = readVersion();
    /** Label with the digest of an image's build inputs (Dockerfile directory, artifacts, build args, parent). */
    public static final String CONTENT_DIGEST_LABEL = "scc.content-digest";
    /**
     * The label of scc-base (inherited by the agent images) listing, space-separated, the programs it was built to wrap
     * beyond install-wrappers.sh's own list: the programs the org's and team's command rules named at build time.
     */
    public static final String WRAPPED_PROGRAMS_LABEL = "scc.wrapped-programs";
    public static final ImageNames DEFAULT = forPrefix("scc-");

    public ImageNames {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(agentPrefix, "agentPrefix");
        Objects.requireNonNull(agentTag, "agentTag");
    }

    /** Names with agent images tagged {@code latest} (test suites that build images of their own). */
    public ImageNames(String base, String proxy, String agentPrefix) {
        this(base, proxy, agentPrefix, "latest");
    }

    /** {@code <prefix>base:<VERSION>}, {@code <prefix>egress-proxy:<VERSION>}, {@code <prefix>agent-<p>:<VERSION>}. */
    public static ImageNames forPrefix(String prefix) {
        return new ImageNames(prefix + "base:" + VERSION, prefix + "egress-proxy:" + VERSION, prefix + "agent-", VERSION);
    }

    /** {@code <agentPrefix><provider>:<agentTag>}. */
    public String agent(String provider) {
        return agentPrefix + provider + ":" + agentTag;
    }

    private static String readVersion() {
        try (InputStream in = ImageNames.class.getResourceAsStream("scc-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "");
            // A Docker tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}; an unfiltered or missing file gives "dev".
            return v.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}") ? v : "dev";
        } catch (IOException e) {
            return "dev";
        }
    }
}

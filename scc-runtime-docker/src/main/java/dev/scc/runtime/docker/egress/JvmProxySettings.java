package dev.scc.runtime.docker.egress;

import dev.scc.core.runtime.SandboxFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What JVM build tools need to go through the session's proxy. The JVM ignores {@code HTTP_PROXY}; without these
 * a {@code mvn} or {@code gradle} in a governed sandbox has no way out at all (no DNS, no route), and with them it
 * reaches exactly the allowed destinations (the proxy decides; these settings are a convenience, not a boundary).
 * <ul>
 *   <li>{@code JAVA_TOOL_OPTIONS}: the {@code http(s).proxyHost/Port} system properties for every JVM
 *       ({@code HttpURLConnection}, {@code java.net.http}, Gradle and its daemon, the Maven wrapper's
 *       downloader); appended to any value the launch already carries.</li>
 *   <li>Maven (which reads proxies from settings only): a global settings file at {@link #MAVEN_SETTINGS}, named by
 *       {@code MAVEN_ARGS} ({@code --global-settings}; Maven 3.9 and later read that variable), so the user's own
 *       {@code ~/.m2/settings.xml} keeps working. It replaces the distribution's global settings, whose only
 *       content is the mirror that blocks plain-HTTP repositories: that mirror is repeated here.</li>
 * </ul>
 */
public final class JvmProxySettings {
    public static final String MAVEN_SETTINGS = "/etc/scc/maven/settings.xml";

    private final String host;
    private final int port;

    public JvmProxySettings(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The variables to set, given the launch's own {@code env} (its JAVA_TOOL_OPTIONS and MAVEN_ARGS are kept). */
    public Map<String, String> env(Map<String, String> env) {
        String props = "-Dhttp.proxyHost=" + host + " -Dhttp.proxyPort=" + port + " -Dhttps.proxyHost=" + host
                + " -Dhttps.proxyPort=" + port + " -Dhttp.nonProxyHosts=localhost|127.0.0.1|[::1]";
        return Map.of("JAVA_TOOL_OPTIONS", join(env.get("JAVA_TOOL_OPTIONS"), props),
                "MAVEN_ARGS", join("--global-settings " + MAVEN_SETTINGS, env.get("MAVEN_ARGS")));
    }

    private static String join(String a, String b) {
        return a == null || a.isBlank() ? b : b == null || b.isBlank() ? a : a + " " + b;
    }

    /** The files to place, root-owned and read-only to the agent. */
    public List<SandboxFile> files() {
        return List.of(new SandboxFile(MAVEN_SETTINGS, mavenSettings().getBytes(StandardCharsets.UTF_8), 0644));
    }

    String mavenSettings() {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!-- Placed by SCC: the session's egress proxy (every destination is decided there). -->\n")
                .append("<settings xmlns=\"http://maven.apache.org/SETTINGS/1.2.0\">\n  <proxies>\n");
        for (String protocol : List.of("http", "https")) {
            sb.append("    <proxy>\n      <id>scc-").append(protocol).append("</id>\n      <active>true</active>\n")
                    .append("      <protocol>").append(protocol).append("</protocol>\n")
                    .append("      <host>").append(host).append("</host>\n")
                    .append("      <port>").append(port).append("</port>\n")
                    .append("      <nonProxyHosts>localhost|127.0.0.1</nonProxyHosts>\n    </proxy>\n");
        }
        sb.append("  </proxies>\n  <mirrors>\n    <mirror>\n      <id>maven-default-http-blocker</id>\n")
                .append("      <mirrorOf>external:http:*</mirrorOf>\n")
                .append("      <name>Pseudo repository to mirror external repositories initially using HTTP.</name>\n")
                .append("      <url>http://0.0.0.0/</url>\n      <blocked>true</blocked>\n    </mirror>\n")
                .append("  </mirrors>\n</settings>\n");
        return sb.toString();
    }
}

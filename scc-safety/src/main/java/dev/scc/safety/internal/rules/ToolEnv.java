package dev.scc.safety.internal.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment a guarded command runs with, as far as it changes what the command does: the variables the
 * wrapper sent (or the assignments written before the command in a hook's line), against the session's own
 * values, which are trusted (the sandbox's egress proxy is set by SCC, not by the agent).
 */
public record ToolEnv(Map<String, String> vars, Map<String, String> session) {
    /** Proxy variables read by curl, wget, git (libcurl) and rsync. */
    public static final List<String> PROXY_VARS = List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "ftp_proxy",
            "FTP_PROXY", "all_proxy", "ALL_PROXY", "ftps_proxy", "FTPS_PROXY", "RSYNC_PROXY");

    public static final ToolEnv NONE = new ToolEnv(Map.of(), Map.of());

    public ToolEnv {
        vars = Map.copyOf(vars);
        session = Map.copyOf(session);
    }

    /** This environment with {@code assignments} written before the command on top. */
    public ToolEnv with(Map<String, String> assignments) {
        if (assignments.isEmpty()) {
            return this;
        }
        Map<String, String> m = new HashMap<>(vars);
        m.putAll(assignments);
        return new ToolEnv(m, session);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(vars.get(name));
    }

    /** Hosts of proxies set in this environment that the session did not set itself. */
    public List<String> proxyHosts() {
        List<String> hosts = new ArrayList<>();
        for (String name : PROXY_VARS) {
            String v = vars.get(name);
            if (v == null || v.isBlank() || v.equals(session.get(name))) {
                continue;
            }
            hosts.addAll(NetworkRules.urlHosts(v, "http"));
        }
        return hosts;
    }
}

package dev.scc.core.merge;

import dev.scc.core.model.McpServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** MCP servers are matched on their name, URL, URL host (netloc) and command, in that order. */
final class McpMatching {
    private McpMatching() {}

    static List<String> candidates(McpServer s) {
        List<String> c = new ArrayList<>(4);
        if (!s.name().isBlank()) {
            c.add(s.name());
        }
        s.url().filter(u -> !u.isBlank()).ifPresent(u -> {
            c.add(u);
            c.add(netloc(u));
        });
        s.command().filter(x -> !x.isBlank()).ifPresent(c::add);
        return c;
    }

    static Optional<String> firstMatch(McpServer s, List<String> patterns) {
        for (String candidate : candidates(s)) {
            Optional<String> p = Glob.firstMatch(candidate, patterns);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /** Python's {@code urlparse(url).netloc}: host[:port] with any userinfo; the URL itself when there is none. */
    static String netloc(String url) {
        try {
            URI u = new URI(url.strip());
            String auth = u.getRawAuthority();
            return auth == null || auth.isEmpty() ? url : auth;
        } catch (Exception e) {
            int s = url.indexOf("//");
            if (s < 0) {
                return url;
            }
            int end = url.indexOf('/', s + 2);
            return end < 0 ? url.substring(s + 2) : url.substring(s + 2, end);
        }
    }
}

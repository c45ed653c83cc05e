package dev.scc.core.model;

import java.util.List;
import java.util.Optional;

/**
 * A time-bounded exception that may turn a <em>denied</em> addition into an allowed one. It never touches a
 * security block. {@code expiresAt} is kept raw: an unparseable value means inactive (fail closed).
 *
 * @param teams when present, the exception applies only to these teams (exact names or globs)
 * @param allowRules ids of team or project action rules it lifts (never an org or built-in rule)
 */
public record PolicyException(
        String id,
        String reason,
        List<String> allowPlugins,
        List<String> allowMcpServers,
        String expiresAt,
        Optional<List<String>> teams,
        Scope scope,
        String source,
        List<String> allowRules) {

    /** An exception that lifts no action rule. */
    public PolicyException(String id, String reason, List<String> allowPlugins, List<String> allowMcpServers, String expiresAt,
            Optional<List<String>> teams, Scope scope, String source) {
        this(id, reason, allowPlugins, allowMcpServers, expiresAt, teams, scope, source, List.of());
    }

    public PolicyException {
        allowRules = Lists.copy(allowRules);
        allowPlugins = Lists.copy(allowPlugins);
        allowMcpServers = Lists.copy(allowMcpServers);
        teams = teams.map(List::copyOf);
    }

    /** Where an exception comes from: the org config, or a developer's local override store. */
    public enum Scope {
        POLICY("policy"),
        LOCAL("local");

        private final String wire;

        Scope(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}

package dev.scc.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The org's catalog of governed artifacts (skills, MCP servers, native integrations) and bundles of them. */
public record GovernedArtifacts(Map<String, Artifact> artifacts, Map<String, Bundle> bundles) {

    public static final GovernedArtifacts NONE = new GovernedArtifacts(Map.of(), Map.of());

    public GovernedArtifacts {
        artifacts = Lists.copy(artifacts);
        bundles = Lists.copy(bundles);
    }

    /** What an artifact is. Unknown kinds are read as native integrations (the reference's rule). */
    public enum Kind {
        SKILL("skill"),
        MCP_SERVER("mcp_server"),
        NATIVE_INTEGRATION("native_integration");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.wire.equals(s)) {
                    return k;
                }
            }
            return NATIVE_INTEGRATION;
        }
    }

    /** How an artifact or bundle is offered. Unknown values are read as {@code available}. */
    public enum InstallIntent {
        REQUIRED("required"),
        AVAILABLE("available"),
        DISABLED("disabled"),
        REQUEST_ONLY("request-only");

        private final String wire;

        InstallIntent(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static InstallIntent parse(String s) {
            for (InstallIntent i : values()) {
                if (i.wire.equals(s)) {
                    return i;
                }
            }
            return AVAILABLE;
        }
    }

    /** One governed artifact and its provider bindings. */
    public record Artifact(
            String name,
            Kind kind,
            Optional<String> version,
            Optional<String> publisher,
            boolean pinned,
            Optional<String> sourceType,
            Optional<String> sourceUrl,
            Optional<String> sourcePath,
            Optional<String> sourceRef,
            InstallIntent installIntent,
            List<Binding> bindings) {
        public Artifact {
            bindings = Lists.copy(bindings);
        }
    }

    /** How one provider consumes an artifact. */
    public record Binding(
            String provider, Optional<String> nativeRef, Map<String, String> nativeConfig, Optional<String> transportType) {
        public Binding {
            nativeConfig = Lists.copy(nativeConfig);
        }
    }

    /** A named group of artifacts a team can enable. */
    public record Bundle(String name, String description, List<String> artifacts, InstallIntent installIntent) {
        public Bundle {
            artifacts = Lists.copy(artifacts);
        }
    }
}

package dev.scc.policy.schema;

/** The documents that have a shipped JSON Schema: every layer of the trust hierarchy. */
public enum DocumentKind {
    /** The organization config ({@code org-v1}). */
    ORG("org-v1.schema.json", "org config"),
    /** A federated team config ({@code team-config.v1}). */
    TEAM("team-config.v1.schema.json", "team config"),
    /** A project's {@code .scc.yaml} ({@code project-v1}): known keys as strict as the org's, unknown keys allowed. */
    PROJECT("project-v1.schema.json", "project config"),
    /** The user's {@code config.json} ({@code user-config-v1}). */
    USER("user-config-v1.schema.json", "user config");

    private final String resource;
    private final String displayName;

    DocumentKind(String resource, String displayName) {
        this.resource = resource;
        this.displayName = displayName;
    }

    /** File name of the schema, shipped as a class-path resource next to {@link SchemaValidator}. */
    public String schemaFileName() {
        return resource;
    }

    /** Human name for messages ("org config"). */
    public String displayName() {
        return displayName;
    }
}

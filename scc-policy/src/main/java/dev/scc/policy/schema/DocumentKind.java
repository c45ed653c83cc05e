package dev.scc.policy.schema;

/** The policy documents that have a shipped JSON Schema. */
public enum DocumentKind {
    /** The organization config ({@code org-v1}). */
    ORG("org-v1.schema.json", "org config"),
    /** A federated team config ({@code team-config.v1}). */
    TEAM("team-config.v1.schema.json", "team config");

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

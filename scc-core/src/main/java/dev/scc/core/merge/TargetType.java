package dev.scc.core.merge;

/** What kind of item a report entry is about. */
public enum TargetType {
    PLUGIN("plugin"),
    MCP_SERVER("mcp_server"),
    MARKETPLACE("marketplace"),
    DEV_ENVIRONMENT_COMMAND("dev_environment_command"),
    DEV_ENVIRONMENT_LOG("dev_environment_log"),
    DEV_ENVIRONMENT_HEALTH_CHECK("dev_environment_health_check"),
    DESTINATION_SET("destination_set"),
    BUNDLE("bundle"),
    ARTIFACT("artifact"),
    SESSION("session");

    private final String wire;

    TargetType(String wire) {
        this.wire = wire;
    }

    /** The value used in JSON output. */
    public String wire() {
        return wire;
    }
}

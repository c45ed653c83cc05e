package dev.scc.core.model;

import java.util.List;
import java.util.Map;

/** Named dev-environment actions (argv only, never shell strings), per section. */
public record DevEnvironment(
        Map<String, DevAction> commands, Map<String, DevAction> logs, Map<String, DevAction> healthChecks) {

    public static final DevEnvironment NONE = new DevEnvironment(Map.of(), Map.of(), Map.of());

    public DevEnvironment {
        commands = Lists.copy(commands);
        logs = Lists.copy(logs);
        healthChecks = Lists.copy(healthChecks);
    }

    /** The three sections, in the order the merge visits them. */
    public enum Section {
        COMMANDS("commands", "Dev Environment Command", "dev_environment_command"),
        LOGS("logs", "Dev Environment Log", "dev_environment_log"),
        HEALTH_CHECKS("health_checks", "Dev Environment Health Check", "dev_environment_health_check");

        private final String key;
        private final String title;
        private final String targetType;

        Section(String key, String title, String targetType) {
            this.key = key;
            this.title = title;
            this.targetType = targetType;
        }

        public String key() {
            return key;
        }

        public String title() {
            return title;
        }

        public String targetType() {
            return targetType;
        }
    }

    /** The actions of one section. */
    public Map<String, DevAction> section(Section s) {
        switch (s) {
            case COMMANDS:
                return commands;
            case LOGS:
                return logs;
            default:
                return healthChecks;
        }
    }

    /** One action: an argv run in a workspace-relative directory with a timeout. */
    public record DevAction(String name, List<String> argv, String workingDirectory, int timeoutSeconds, String description) {
        public DevAction {
            argv = Lists.copy(argv);
        }
    }
}

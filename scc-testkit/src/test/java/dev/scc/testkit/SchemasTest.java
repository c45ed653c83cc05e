package dev.scc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Proves the validator wiring with upstream-style documents before it judges rendered output. */
class SchemasTest {
    @Test
    void theClaudeSchemaAcceptsTheManagedExampleAndRejectsABadPermissionRule() {
        String ok = "{\"permissions\":{\"deny\":[\"Bash(git push --force *)\",\"mcp__x\"]},\"enabledPlugins\":{\"a@b\":true},"
                + "\"hooks\":{\"PreToolUse\":[{\"matcher\":\"Bash\",\"hooks\":[{\"type\":\"command\",\"command\":\"x\",\"timeout\":30}]}]}}";
        assertThat(Schemas.errors(Schemas.CLAUDE_SETTINGS, ok)).isEmpty();
        assertThat(Schemas.errors(Schemas.CLAUDE_SETTINGS, "{\"permissions\":{\"deny\":[\"Frobnicate(x)\"]}}")).isNotEmpty();
    }

    @Test
    void theCodexHooksSchemaRejectsUnknownRootKeys() {
        assertThat(Schemas.errors(Schemas.CODEX_HOOKS, "{\"hooks\":{},\"scc_managed\":{}}")).isNotEmpty();
        assertThat(Schemas.errors(Schemas.CODEX_HOOKS, "{\"hooks\":{\"PreToolUse\":[{\"matcher\":\"Bash\",\"hooks\":[{\"type\":\"command\",\"command\":\"x\"}]}]}}")).isEmpty();
    }

    @Test
    void theCodexConfigSchemaRejectsClaudeShapedKeys() {
        assertThat(Schemas.errors(Schemas.CODEX_CONFIG, "{\"mcpServers\":{}}")).isNotEmpty();
        assertThat(Schemas.errors(Schemas.CODEX_CONFIG, "{\"mcp_servers\":{\"a\":{\"command\":\"npx\"}}}")).isEmpty();
    }
}

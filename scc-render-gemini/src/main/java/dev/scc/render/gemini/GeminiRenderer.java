package dev.scc.render.gemini;

import dev.scc.core.spi.DeterministicJson.JsonArray;
import dev.scc.core.spi.DeterministicJson.JsonObject;
import dev.scc.core.plan.ItemState;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.SkillMarkdown;
import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderedFile;
import dev.scc.core.spi.DeterministicJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gemini CLI renderer (pinned {@code @google/gemini-cli} 0.61.0). SCC owns the system layer, which Gemini CLI merges
 * over the user and workspace layers: {@code /etc/gemini-cli/settings.json} (the file the sandbox names with
 * {@code GEMINI_CLI_SYSTEM_SETTINGS_PATH}: sign-in by API key, no telemetry or update checks, workspace trust, the
 * safety {@code BeforeTool} hook, MCP servers with an allowlist of exactly those, blocked servers excluded) and
 * {@code /etc/gemini-cli/policies/scc.toml} (the safety policy's deny rules in the admin tier of Gemini's policy
 * engine, which no user or workspace policy outranks). Instructions go to a managed block of the agent's
 * {@code ~/.gemini/GEMINI.md}, skills to {@code ~/.gemini/skills}. Gemini CLI has no plugin marketplaces: plugins
 * and marketplaces are enforced by the merge only. Nothing is written into the repository.
 *
 * <p>Gemini CLI skips a system settings file whose directory path is writable by anyone but root, with only a
 * warning; the sandbox image keeps {@code /etc/gemini-cli} root-owned. A {@code hooksConfig.disabled} list in the
 * user or workspace layer can switch the hook off (the lists are combined): the hook is a speed bump, the sandbox's
 * wrappers and broker are the boundary.
 */
public final class GeminiRenderer implements ProviderRenderer {
    public static final String ID = "gemini";
    /** The system settings file, relative to the target root. */
    public static final String SETTINGS = "etc/gemini-cli/settings.json";
    /** The admin-tier policy file (Gemini reads every {@code *.toml} in the system settings' {@code policies}). */
    public static final String POLICY = "etc/gemini-cli/policies/scc.toml";
    /** The variable naming the system settings file, and its value in the sandbox. */
    public static final String SYSTEM_SETTINGS_ENV = "GEMINI_CLI_SYSTEM_SETTINGS_PATH";
    public static final String SYSTEM_SETTINGS_PATH = "/" + SETTINGS;
    /** Gemini's shell tool, whose {@code command} the safety hook judges as a command line. */
    public static final String SHELL_TOOL = "run_shell_command";
    /**
     * The tools the {@code BeforeTool} hook is called for (a regular expression over tool names): the shell, the file
     * tools that name one file ({@code read_file}, {@code write_file}, {@code replace}: judged as file reads and
     * writes), the searches that read many ({@code grep_search}, {@code read_many_files}: judged as a read of each file
     * they could read) and every MCP tool ({@code mcp_SERVER_TOOL}, whose hook input names server and tool in
     * {@code mcp_context}: judged as MCP calls).
     */
    public static final String HOOK_MATCHER = SHELL_TOOL + "|read_file|write_file|replace|grep_search|read_many_files|mcp_.*";
    /** The hook's name in the settings (what a {@code hooksConfig.disabled} entry would have to name). */
    public static final String HOOK_NAME = "scc-safety";
    /** Admin-tier priority of the deny rules (0–999 inside the tier). */
    static final int DENY_PRIORITY = 900;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RenderResult render(RenderPlan plan, RenderContext context) {
        RenderReport.Builder report = new RenderReport.Builder(ID);
        List<RenderedFile> files = new ArrayList<>();
        JsonObject settings = DeterministicJson.object();

        plan.trust().ifPresent(t -> report.rendered(t.key(), SETTINGS));

        Optional<RenderPlan.SafetyHook> hook = plan.safetyHook();
        hook.ifPresent(h -> report.rendered(h.key(), SETTINGS));

        JsonObject servers = DeterministicJson.object();
        JsonArray allowed = DeterministicJson.array();
        JsonArray excluded = DeterministicJson.array();
        for (RenderPlan.McpServer s : plan.mcpServers()) {
            if (s.state() == ItemState.BLOCKED) {
                excluded.add(s.name());
                report.blocked(s.key(), s.reason() + "; excluded in the system settings (mcp.excluded)", SETTINGS);
                continue;
            }
            Optional<String> why = mcpEntry(servers, s);
            if (why.isPresent()) {
                report.skipped(s.key(), why.get());
            } else {
                allowed.add(s.name());
                report.rendered(s.key(), SETTINGS);
            }
        }

        for (RenderPlan.Plugin p : plan.plugins()) {
            if (p.state() == ItemState.BLOCKED) {
                report.blocked(p.key(), p.reason() + "; enforced by the merge (Gemini CLI has no plugins)");
            } else {
                report.skipped(p.key(), "not-applicable: Gemini CLI has no plugins");
            }
        }
        for (RenderPlan.Marketplace m : plan.marketplaces()) {
            if (m.state() == ItemState.BLOCKED) {
                report.blocked(m.key(), m.reason() + "; enforced by the merge (Gemini CLI has no marketplaces)");
            } else {
                report.skipped(m.key(), "not-applicable: Gemini CLI has no plugin marketplaces");
            }
        }
        plan.nativeIntegrations().forEach(n -> report.skipped(n.key(), "unsupported-integration:" + n.integration()));

        StringBuilder policy = new StringBuilder();
        for (RenderPlan.DenyRule r : plan.denyRules()) {
            policy.append(policy.length() == 0
                    ? "# Managed by SCC: admin-tier policy rules no user or workspace policy outranks. Do not edit.\n" : "");
            policy.append("\n[[rule]]\n# ").append(r.ruleId()).append('\n')
                    .append("toolName = ").append(DeterministicJson.quote(SHELL_TOOL)).append('\n')
                    .append("commandPrefix = [");
            List<List<String>> expansions = r.expansions();
            for (int i = 0; i < expansions.size(); i++) {
                policy.append(i == 0 ? "" : ", ").append(DeterministicJson.quote(String.join(" ", expansions.get(i))));
            }
            policy.append("]\ndecision = \"deny\"\npriority = ").append(DENY_PRIORITY).append('\n')
                    .append("denyMessage = ").append(DeterministicJson.quote("SCC safety: " + r.justification())).append('\n');
            report.rendered(r.key(), POLICY);
        }
        if (policy.length() > 0) {
            files.add(RenderedFile.text(POLICY, policy.toString()));
        }

        String home = context.agentHomeRelative() + "/.gemini";
        for (RenderPlan.Skill s : plan.skills()) {
            String path = home + "/skills/" + s.name() + "/SKILL.md";
            files.add(RenderedFile.text(path, SkillMarkdown.of(s)));
            report.rendered(s.key(), path);
        }
        if (!plan.instructions().isEmpty()) {
            String path = home + "/GEMINI.md";
            StringBuilder md = new StringBuilder();
            for (RenderPlan.Instruction i : plan.instructions()) {
                md.append(md.length() == 0 ? "" : "\n").append("## ").append(i.name()).append(" (bundle ")
                        .append(i.bundle()).append(")\n\n").append(i.text().strip()).append('\n');
                report.rendered(i.key(), path);
            }
            files.add(RenderedFile.markdownBlock(path, md.toString()));
        }

        // The settings file is written when anything in it is governed; its fixed part (sign-in, quiet, trust) is
        // what makes the rest load at all in a headless sandbox.
        boolean settingsUsed = plan.trust().isPresent() || hook.isPresent() || !servers.isEmpty() || !excluded.isEmpty();
        if (settingsUsed) {
            settings.putObject("general").put("enableAutoUpdate", false).put("enableAutoUpdateNotification", false);
            settings.putObject("privacy").put("usageStatisticsEnabled", false);
            settings.putObject("telemetry").put("enabled", false);
            JsonObject security = settings.putObject("security");
            security.putObject("auth").put("selectedType", "gemini-api-key");
            if (plan.trust().isPresent()) {
                // The sandbox is the trust boundary; an untrusted workspace makes headless Gemini exit 55 with no hooks.
                security.putObject("folderTrust").put("enabled", false);
            }
            hook.ifPresent(h -> {
                settings.putObject("hooksConfig").put("enabled", true);
                JsonObject handler = DeterministicJson.object().put("name", HOOK_NAME).put("type", "command")
                        .put("command", h.command()).put("timeout", h.timeoutSeconds() * 1000L)
                        .put("description", "SCC safety check");
                JsonObject group = DeterministicJson.object().put("matcher", HOOK_MATCHER);
                group.putArray("hooks").add(handler);
                settings.putObject("hooks").putArray("BeforeTool").add(group);
            });
            if (!servers.isEmpty()) {
                settings.set("mcpServers", servers);
            }
            if (!allowed.isEmpty() || !excluded.isEmpty()) {
                JsonObject mcp = settings.putObject("mcp");
                // An allowlist of exactly SCC's servers: a server another layer adds is not started.
                mcp.set("allowed", allowed);
                if (!excluded.isEmpty()) {
                    mcp.set("excluded", excluded);
                }
            }
            files.add(0, RenderedFile.text(SETTINGS, DeterministicJson.write(settings)));
        }
        plan.skipped().forEach(s -> report.skipped(s.key(), s.reason()));
        return new RenderResult(files, report.build());
    }

    /** Adds the server's entry, or returns why it cannot be rendered. */
    private static Optional<String> mcpEntry(JsonObject servers, RenderPlan.McpServer s) {
        JsonObject o = DeterministicJson.object();
        switch (s.transport()) {
            case STDIO -> {
                if (s.command().isEmpty()) {
                    return Optional.of("incomplete-server: missing command");
                }
                o.put("type", "stdio").put("command", s.command().get());
                if (!s.args().isEmpty()) {
                    JsonArray args = o.putArray("args");
                    s.args().forEach(args::add);
                }
                if (!s.env().isEmpty()) {
                    JsonObject env = o.putObject("env");
                    s.env().forEach(env::put);
                }
            }
            case HTTP, SSE -> {
                if (s.url().isEmpty()) {
                    return Optional.of("incomplete-server: missing url");
                }
                // Gemini expands ${VAR} in settings values itself, so header references pass through as written.
                o.put("type", s.transport().wire()).put("url", s.url().get());
                if (!s.headers().isEmpty()) {
                    JsonObject h = o.putObject("headers");
                    s.headers().forEach(h::put);
                }
            }
            default -> {
                return Optional.of("unsupported-transport:" + s.rawType());
            }
        }
        servers.set(s.name(), o);
        return Optional.empty();
    }
}

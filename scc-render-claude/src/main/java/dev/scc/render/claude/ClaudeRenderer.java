package dev.scc.render.claude;

import dev.scc.core.spi.DeterministicJson.JsonArray;
import dev.scc.core.spi.DeterministicJson.JsonObject;
import dev.scc.core.model.MarketplaceSource;
import dev.scc.core.plan.ItemState;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.SkillMarkdown;
import dev.scc.core.plan.Transport;
import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderedFile;
import dev.scc.core.spi.DeterministicJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Claude Code renderer. Everything enforced goes to the managed layer, which no user, project or flag setting can
 * override: {@code /etc/claude-code/managed-settings.json} (deny rules, the safety {@code PreToolUse} hook,
 * enabled and blocked plugins, marketplaces, denied MCP servers) and {@code /etc/claude-code/managed-mcp.json}
 * (the exclusive MCP server list). Instructions go to the managed {@code /etc/claude-code/CLAUDE.md}, skills to
 * the agent's {@code ~/.claude/skills}. Nothing is written into the repository.
 */
public final class ClaudeRenderer implements ProviderRenderer {
    public static final String ID = "claude";
    public static final String MANAGED_SETTINGS = "etc/claude-code/managed-settings.json";
    public static final String MANAGED_MCP = "etc/claude-code/managed-mcp.json";
    public static final String MANAGED_CLAUDE_MD = "etc/claude-code/CLAUDE.md";
    /**
     * Tools the safety hook is wired to: the shell, the file tools (judged as file reads and writes against the org's
     * action rules) and every MCP tool ({@code mcp__SERVER__TOOL}, judged as an MCP call; a denied call never reaches
     * the server).
     */
    public static final String HOOK_MATCHER = "Bash|Read|Write|Edit|MultiEdit|NotebookEdit|Grep|mcp__.*";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RenderResult render(RenderPlan plan, RenderContext context) {
        RenderReport.Builder report = new RenderReport.Builder(ID);
        List<RenderedFile> files = new ArrayList<>();
        Set<String> deny = new LinkedHashSet<>();
        JsonObject hooks = DeterministicJson.object();
        JsonObject enabledPlugins = DeterministicJson.object();
        JsonObject marketplaces = DeterministicJson.object();
        JsonArray deniedMcp = DeterministicJson.array();
        JsonObject mcpServers = DeterministicJson.object();

        plan.denyRules().forEach(r -> {
            for (List<String> tokens : r.expansions()) {
                String cmd = String.join(" ", tokens);
                deny.add("Bash(" + cmd + ")");
                deny.add("Bash(" + cmd + " *)");
            }
            report.rendered(r.key(), MANAGED_SETTINGS);
        });

        plan.safetyHook().ifPresent(h -> {
            JsonObject handler = DeterministicJson.object().put("type", "command").put("command", h.command())
                    .put("timeout", h.timeoutSeconds());
            JsonObject group = DeterministicJson.object().put("matcher", HOOK_MATCHER);
            group.putArray("hooks").add(handler);
            hooks.putArray("PreToolUse").add(group);
            report.rendered(h.key(), MANAGED_SETTINGS);
        });

        for (RenderPlan.Plugin p : plan.plugins()) {
            boolean canonical = !p.marketplace().isEmpty();
            if (p.state() == ItemState.ENABLED) {
                enabledPlugins.put(p.ref(), true);
                report.rendered(p.key(), MANAGED_SETTINGS);
            } else if (canonical && !p.ref().contains("*")) {
                enabledPlugins.put(p.ref(), false);
                report.blocked(p.key(), p.reason(), MANAGED_SETTINGS);
            } else {
                report.blocked(p.key(), p.reason() + "; a pattern, enforced by the merge (no native key)");
            }
        }

        for (RenderPlan.Marketplace m : plan.marketplaces()) {
            if (m.state() == ItemState.BLOCKED) {
                report.blocked(m.key(), m.reason() + "; its plugins are refused by the merge");
                continue;
            }
            Optional<JsonObject> src = m.source().flatMap(ClaudeRenderer::marketplaceSource);
            if (src.isEmpty()) {
                report.skipped(m.key(), "unsupported-marketplace-source");
                continue;
            }
            marketplaces.putObject(m.name()).set("source", src.get());
            report.rendered(m.key(), MANAGED_SETTINGS);
        }

        for (RenderPlan.NativeIntegration n : plan.nativeIntegrations()) {
            switch (n.integration()) {
                case "plugin_bundle" -> {
                    int at = n.value().indexOf('@');
                    if (at > 0 && at < n.value().length() - 1) {
                        enabledPlugins.put(n.value(), true);
                        report.rendered(n.key(), MANAGED_SETTINGS);
                    } else {
                        report.skipped(n.key(), "invalid-plugin-ref: expected name@marketplace, got '" + n.value() + "'");
                    }
                }
                case "marketplace_bundle" -> {
                    if (n.value().startsWith("/") && !n.value().contains("..")) {
                        JsonObject src = DeterministicJson.object().put("source", "directory").put("path", n.value());
                        marketplaces.putObject(n.name()).set("source", src);
                        report.rendered(n.key(), MANAGED_SETTINGS);
                    } else {
                        report.skipped(n.key(), "invalid-marketplace-path: expected an absolute container path");
                    }
                }
                default -> report.skipped(n.key(), "unsupported-integration:" + n.integration());
            }
        }

        for (RenderPlan.McpServer s : plan.mcpServers()) {
            if (s.state() == ItemState.BLOCKED) {
                deniedMcp.add(DeterministicJson.object().put("serverName", s.name()));
                deny.add("mcp__" + s.name());
                report.blocked(s.key(), s.reason(), MANAGED_SETTINGS);
                continue;
            }
            Optional<JsonObject> entry = mcpEntry(s);
            if (entry.isEmpty()) {
                report.skipped(s.key(), s.transport() == Transport.OTHER
                        ? "unsupported-transport:" + s.rawType() : "incomplete-server: missing url or command");
                continue;
            }
            mcpServers.set(s.name(), entry.get());
            report.rendered(s.key(), MANAGED_MCP);
        }

        JsonObject settings = DeterministicJson.object();
        if (!deny.isEmpty()) {
            JsonArray d = settings.putObject("permissions").putArray("deny");
            deny.forEach(d::add);
        }
        if (!hooks.isEmpty()) {
            settings.set("hooks", hooks);
        }
        if (!enabledPlugins.isEmpty()) {
            settings.set("enabledPlugins", enabledPlugins);
        }
        if (!marketplaces.isEmpty()) {
            settings.set("extraKnownMarketplaces", marketplaces);
        }
        if (!deniedMcp.isEmpty()) {
            settings.set("deniedMcpServers", deniedMcp);
        }
        if (!settings.isEmpty()) {
            files.add(RenderedFile.text(MANAGED_SETTINGS, DeterministicJson.write(settings)));
        }
        if (!mcpServers.isEmpty()) {
            JsonObject mcp = DeterministicJson.object();
            mcp.set("mcpServers", mcpServers);
            files.add(RenderedFile.text(MANAGED_MCP, DeterministicJson.write(mcp)));
        }

        String skillsDir = context.agentHomeRelative() + "/.claude/skills/";
        for (RenderPlan.Skill s : plan.skills()) {
            String path = skillsDir + s.name() + "/SKILL.md";
            files.add(RenderedFile.text(path, SkillMarkdown.of(s)));
            report.rendered(s.key(), path);
        }

        if (!plan.instructions().isEmpty()) {
            StringBuilder md = new StringBuilder("<!-- Managed by SCC. Regenerated on every launch; do not edit. -->\n");
            for (RenderPlan.Instruction i : plan.instructions()) {
                md.append("\n## ").append(i.name()).append(" (bundle ").append(i.bundle()).append(")\n\n")
                        .append(i.text().strip()).append('\n');
                report.rendered(i.key(), MANAGED_CLAUDE_MD);
            }
            files.add(RenderedFile.text(MANAGED_CLAUDE_MD, md.toString()));
        }

        plan.trust().ifPresent(t -> report.skipped(t.key(), "not-applicable: Claude has no workspace trust layer for settings"));
        plan.skipped().forEach(s -> report.skipped(s.key(), s.reason()));
        return new RenderResult(files, report.build());
    }

    private static Optional<JsonObject> mcpEntry(RenderPlan.McpServer s) {
        JsonObject o = DeterministicJson.object();
        switch (s.transport()) {
            case STDIO -> {
                if (s.command().isEmpty()) {
                    return Optional.empty();
                }
                o.put("type", "stdio").put("command", s.command().get());
                JsonArray args = o.putArray("args");
                s.args().forEach(args::add);
                if (!s.env().isEmpty()) {
                    JsonObject env = o.putObject("env");
                    s.env().forEach(env::put);
                }
            }
            case HTTP, SSE -> {
                if (s.url().isEmpty()) {
                    return Optional.empty();
                }
                o.put("type", s.transport().wire()).put("url", s.url().get());
                if (!s.headers().isEmpty()) {
                    JsonObject h = o.putObject("headers");
                    s.headers().forEach(h::put);
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(o);
    }

    private static Optional<JsonObject> marketplaceSource(MarketplaceSource src) {
        JsonObject o = DeterministicJson.object();
        if (src instanceof MarketplaceSource.Github g) {
            o.put("source", "github").put("repo", g.owner() + "/" + g.repo());
            if (g.branch() != null && !g.branch().isBlank()) {
                o.put("ref", g.branch());
            }
            if (g.path() != null && !g.path().isBlank()) {
                o.put("path", g.path());
            }
        } else if (src instanceof MarketplaceSource.Git g) {
            if (g.url() == null || !g.url().endsWith(".git")) {
                return Optional.empty();
            }
            o.put("source", "git").put("url", g.url());
            if (g.branch() != null && !g.branch().isBlank()) {
                o.put("ref", g.branch());
            }
            if (g.path() != null && !g.path().isBlank()) {
                o.put("path", g.path());
            }
        } else if (src instanceof MarketplaceSource.Url u) {
            o.put("source", "url").put("url", u.url());
        } else if (src instanceof MarketplaceSource.Directory d) {
            if (!d.path().startsWith("/")) {
                return Optional.empty();
            }
            o.put("source", "directory").put("path", d.path());
        } else {
            return Optional.empty();
        }
        return Optional.of(o);
    }
}

package dev.scc.render.codex;

import dev.scc.core.spi.DeterministicJson.JsonArray;
import dev.scc.core.spi.DeterministicJson.JsonObject;
import dev.scc.core.model.GovernedArtifacts.InstallIntent;
import dev.scc.core.model.MarketplaceSource;
import dev.scc.core.plan.ItemState;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.SkillMarkdown;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.plan.Transport;
import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderedFile;
import dev.scc.core.spi.DeterministicJson;
import dev.scc.render.codex.internal.Toml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI Codex CLI renderer. SCC owns the system layer: {@code /etc/codex/config.toml} (workspace trust, MCP
 * servers, plugin state, marketplaces, developer instructions), {@code /etc/codex/hooks.json} (the safety hook:
 * system-layer hooks are managed and need no trust review), {@code /etc/codex/requirements.toml} (forbidden prefix
 * rules, the MCP allowlist and, where the org blocks plugins, the marketplace source restriction, none of which a
 * layer can relax) and {@code /etc/codex/rules/scc.rules} (the same rules as execpolicy Starlark). Skills go to
 * {@code ~/.agents/skills}, bundle plugins to SCC's local marketplace {@code /opt/scc/marketplaces/scc-managed}.
 * Codex has no SSE transport: SSE servers are skipped with
 * {@code unsupported-transport:sse}. Nothing is written into the repository.
 */
public final class CodexRenderer implements ProviderRenderer {
    public static final String ID = "codex";
    public static final String CONFIG = "etc/codex/config.toml";
    public static final String HOOKS = "etc/codex/hooks.json";
    public static final String REQUIREMENTS = "etc/codex/requirements.toml";
    public static final String RULES = "etc/codex/rules/scc.rules";
    /** The local plugin catalog SCC materialises bundle plugins into. */
    public static final String MARKETPLACE_NAME = "scc-managed";
    /** Where SCC's own catalog of bundle plugins lives in the sandbox (beside the materialised marketplaces). */
    public static final String MANAGED_MARKETPLACE_ROOT = "/opt/scc/marketplaces/" + MARKETPLACE_NAME;
    /**
     * Shell tools are {@code Bash}; {@code apply_patch} (also matched as {@code Write} and {@code Edit}) is judged as the
     * file writes its patch names; MCP tools ({@code mcp__SERVER__TOOL}) as MCP calls.
     */
    public static final String HOOK_MATCHER = "Bash|apply_patch|mcp__.*";
    private static final Pattern ENV_REF = Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_]*)}$");
    private static final Pattern SEMVER = Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RenderResult render(RenderPlan plan, RenderContext context) {
        RenderReport.Builder report = new RenderReport.Builder(ID);
        List<RenderedFile> files = new ArrayList<>();
        Toml config = new Toml();
        config.comment("Managed by SCC: the system layer of this container. Regenerated on every launch; do not edit.");

        if (!plan.instructions().isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (RenderPlan.Instruction i : plan.instructions()) {
                text.append(text.length() == 0 ? "" : "\n\n").append("## ").append(i.name()).append(" (bundle ")
                        .append(i.bundle()).append(")\n\n").append(i.text().strip());
                report.rendered(i.key(), CONFIG);
            }
            config.put("developer_instructions", text.toString());
        }

        plan.trust().ifPresent(t -> {
            config.table("projects", t.workspace()).put("trust_level", "trusted");
            report.rendered(t.key(), CONFIG);
        });

        Map<String, String> allowIdentity = new LinkedHashMap<>();
        List<RenderPlan.McpServer> blockedMcp = new ArrayList<>();
        for (RenderPlan.McpServer s : plan.mcpServers()) {
            if (s.state() == ItemState.BLOCKED) {
                blockedMcp.add(s);
                continue;
            }
            Optional<String> why = mcpTable(config, s, allowIdentity);
            if (why.isPresent()) {
                report.skipped(s.key(), why.get());
            } else {
                report.rendered(s.key(), CONFIG, REQUIREMENTS);
            }
        }
        for (RenderPlan.McpServer s : blockedMcp) {
            if (allowIdentity.isEmpty()) {
                report.blocked(s.key(), s.reason() + "; not rendered (Codex has no MCP denylist)");
            } else {
                report.blocked(s.key(), s.reason() + "; excluded from the requirements MCP allowlist", REQUIREMENTS);
            }
        }

        for (RenderPlan.Plugin p : plan.plugins()) {
            if (p.marketplace().isEmpty() || p.ref().contains("*")) {
                report.blocked(p.key(), p.reason() + "; a pattern, enforced by the merge (no native key)");
                continue;
            }
            config.table("plugins", p.ref()).put("enabled", p.state() == ItemState.ENABLED);
            if (p.state() == ItemState.ENABLED) {
                report.rendered(p.key(), CONFIG);
            } else {
                report.blocked(p.key(), p.reason(), CONFIG);
            }
        }

        // Codex has no managed per-plugin block (a user-layer 'codex plugin add' overrides the system layer's
        // enabled = false). Where the org blocks plugins, its requirements restrict marketplaces to the sources the
        // plan names, so no other catalog can offer a blocked plugin.
        boolean restrictMarketplaces = plan.plugins().stream().anyMatch(p -> p.state() == ItemState.BLOCKED);
        Map<String, String[]> allowedMarketplaceSources = new TreeMap<>();
        for (RenderPlan.Marketplace m : plan.marketplaces()) {
            if (m.state() == ItemState.BLOCKED) {
                report.blocked(m.key(), m.reason() + "; its plugins are refused by the merge");
                continue;
            }
            Optional<String[]> src = m.source().flatMap(CodexRenderer::marketplaceSource);
            if (src.isEmpty()) {
                report.skipped(m.key(), "unsupported-marketplace-source");
                continue;
            }
            config.table("marketplaces", m.name()).put("source_type", src.get()[0]).put("source", src.get()[1]);
            allowedMarketplaceSources.put(m.name(), src.get());
            if (!src.get()[2].isEmpty()) {
                config.put("ref", src.get()[2]);
            }
            report.rendered(m.key(), CONFIG);
        }

        // SCC's own catalog is a local marketplace beside the materialised ones: root-owned and read-only in the
        // sandbox (a catalog in the agent's home could be edited by the agent), and a source the marketplace
        // restriction below can name.
        String catalogRoot = MANAGED_MARKETPLACE_ROOT.substring(1);
        String catalogDir = catalogRoot + "/.agents/plugins";
        JsonArray catalogPlugins = DeterministicJson.array();
        for (RenderPlan.NativeIntegration n : plan.nativeIntegrations()) {
            if (!n.integration().equals("plugin_bundle")) {
                report.skipped(n.key(), "unsupported-integration:" + n.integration());
                continue;
            }
            String name = n.value().contains("@") ? n.value().substring(0, n.value().indexOf('@')) : n.value();
            if (!RenderPlans.SKILL_NAME.matcher(name).matches()) {
                report.skipped(n.key(), "invalid-name: plugin '" + name + "'");
                continue;
            }
            String manifest = catalogRoot + "/plugins/" + name + "/.codex-plugin/plugin.json";
            files.add(RenderedFile.text(manifest, DeterministicJson.write(pluginManifest(name, n))));
            JsonObject entry = DeterministicJson.object().put("name", name);
            // Paths are relative to the marketplace root (the directory holding .agents/plugins/marketplace.json).
            entry.putObject("source").put("source", "local").put("path", "./plugins/" + name);
            entry.putObject("policy").put("installation",
                    n.installIntent() == InstallIntent.REQUIRED ? "INSTALLED_BY_DEFAULT" : "AVAILABLE")
                    .put("authentication", "ON_INSTALL");
            entry.put("category", "Productivity");
            catalogPlugins.add(entry);
            config.table("plugins", name + "@" + MARKETPLACE_NAME).put("enabled", true);
            report.rendered(n.key(), manifest, catalogDir + "/marketplace.json", CONFIG);
        }
        if (!catalogPlugins.isEmpty()) {
            JsonObject catalog = DeterministicJson.object().put("name", MARKETPLACE_NAME);
            catalog.putObject("interface").put("displayName", "SCC managed plugins");
            catalog.set("plugins", catalogPlugins);
            files.add(RenderedFile.text(catalogDir + "/marketplace.json", DeterministicJson.write(catalog)));
            config.table("marketplaces", MARKETPLACE_NAME).put("source_type", "local").put("source", MANAGED_MARKETPLACE_ROOT);
            allowedMarketplaceSources.put(MARKETPLACE_NAME, new String[] {"local", MANAGED_MARKETPLACE_ROOT, ""});
        }

        plan.safetyHook().ifPresent(h -> {
            JsonObject root = DeterministicJson.object();
            JsonObject group = DeterministicJson.object().put("matcher", HOOK_MATCHER);
            group.putArray("hooks").add(DeterministicJson.object().put("type", "command").put("command", h.command())
                    .put("timeout", h.timeoutSeconds()).put("statusMessage", "SCC safety check"));
            root.putObject("hooks").putArray("PreToolUse").add(group);
            files.add(RenderedFile.text(HOOKS, DeterministicJson.write(root)));
            report.rendered(h.key(), HOOKS);
        });

        Toml requirements = new Toml();
        StringBuilder rules = new StringBuilder();
        if (!plan.denyRules().isEmpty() || !allowIdentity.isEmpty() || restrictMarketplaces) {
            requirements.comment("Managed by SCC: admin requirements no config layer can relax. Do not edit.");
        }
        for (RenderPlan.DenyRule r : plan.denyRules()) {
            requirements.arrayTable("rules", "prefix_rules");
            StringBuilder pattern = new StringBuilder("[");
            for (int i = 0; i < r.pattern().size(); i++) {
                List<String> alts = r.pattern().get(i);
                pattern.append(i == 0 ? "" : ", ");
                if (alts.size() == 1) {
                    pattern.append("{ token = ").append(Toml.str(alts.get(0))).append(" }");
                } else {
                    pattern.append("{ any_of = [");
                    for (int j = 0; j < alts.size(); j++) {
                        pattern.append(j == 0 ? "" : ", ").append(Toml.str(alts.get(j)));
                    }
                    pattern.append("] }");
                }
            }
            requirements.putRaw("pattern", pattern.append("]").toString());
            requirements.put("decision", "forbidden").put("justification", r.justification());
            rules.append(rules.length() == 0 ? "# Managed by SCC: execpolicy rules. Do not edit.\n" : "")
                    .append('\n').append(starlarkRule(r));
            report.rendered(r.key(), REQUIREMENTS, RULES);
        }
        allowIdentity.forEach((name, identity) -> {
            requirements.table("mcp_servers", name, "identity");
            requirements.put(identity.startsWith("url:") ? "url" : "command", identity.substring(identity.indexOf(':') + 1));
        });
        if (restrictMarketplaces) {
            requirements.table("marketplaces").put("restrict_to_allowed_sources", true);
            allowedMarketplaceSources.forEach((name, src) -> {
                requirements.table("marketplaces", "allowed_sources", "scc-" + name).put("source", src[0])
                        .put(src[0].equals("local") ? "path" : "url", src[1]);
                if (!src[2].isEmpty()) {
                    requirements.put("ref", src[2]);
                }
            });
        }
        if (!requirements.isEmpty()) {
            files.add(RenderedFile.text(REQUIREMENTS, requirements.toString()));
        }
        if (rules.length() > 0) {
            files.add(RenderedFile.text(RULES, rules.toString()));
        }

        String home = context.agentHomeRelative();
        for (RenderPlan.Skill s : plan.skills()) {
            String path = home + "/.agents/skills/" + s.name() + "/SKILL.md";
            files.add(RenderedFile.text(path, SkillMarkdown.of(s)));
            report.rendered(s.key(), path);
        }

        if (report.build().entries().stream().anyMatch(e -> e.paths().contains(CONFIG))) {
            files.add(RenderedFile.text(CONFIG, config.toString()));
        }
        plan.skipped().forEach(s -> report.skipped(s.key(), s.reason()));
        return new RenderResult(files, report.build());
    }

    /** Appends the server's table, or returns why it cannot be rendered. */
    private static Optional<String> mcpTable(Toml config, RenderPlan.McpServer s, Map<String, String> allow) {
        switch (s.transport()) {
            case SSE:
                return Optional.of("unsupported-transport:sse");
            case OTHER:
                return Optional.of("unsupported-transport:" + s.rawType());
            case STDIO: {
                if (s.command().isEmpty()) {
                    return Optional.of("incomplete-server: missing command");
                }
                config.table("mcp_servers", s.name()).put("command", s.command().get());
                if (!s.args().isEmpty()) {
                    config.put("args", s.args());
                }
                if (!s.env().isEmpty()) {
                    config.putInline("env", s.env());
                }
                allow.put(s.name(), "command:" + s.command().get());
                return Optional.empty();
            }
            default: {
                if (s.url().isEmpty()) {
                    return Optional.of("incomplete-server: missing url");
                }
                Map<String, String> envHeaders = new LinkedHashMap<>();
                Map<String, String> literal = new LinkedHashMap<>();
                Optional<String> bearer = s.bearerTokenEnvVar();
                for (Map.Entry<String, String> h : s.headers().entrySet()) {
                    if (h.getKey().equals("Authorization") && bearer.isPresent()) {
                        continue;
                    }
                    Matcher m = ENV_REF.matcher(h.getValue().strip());
                    if (m.matches()) {
                        envHeaders.put(h.getKey(), m.group(1));
                    } else if (h.getValue().contains("${")) {
                        return Optional.of("unsupported-header: '" + h.getKey()
                                + "' mixes text and ${VAR}; Codex takes a header from one env var only");
                    } else {
                        literal.put(h.getKey(), h.getValue());
                    }
                }
                config.table("mcp_servers", s.name()).put("url", s.url().get());
                bearer.ifPresent(b -> config.put("bearer_token_env_var", b));
                if (!envHeaders.isEmpty()) {
                    config.putInline("env_http_headers", envHeaders);
                }
                if (!literal.isEmpty()) {
                    config.putInline("http_headers", literal);
                }
                allow.put(s.name(), "url:" + s.url().get());
                return Optional.empty();
            }
        }
    }

    private static String starlarkRule(RenderPlan.DenyRule r) {
        StringBuilder sb = new StringBuilder("prefix_rule(\n    pattern = [");
        for (int i = 0; i < r.pattern().size(); i++) {
            List<String> alts = r.pattern().get(i);
            sb.append(i == 0 ? "" : ", ");
            if (alts.size() == 1) {
                sb.append(Toml.str(alts.get(0)));
            } else {
                sb.append('[');
                for (int j = 0; j < alts.size(); j++) {
                    sb.append(j == 0 ? "" : ", ").append(Toml.str(alts.get(j)));
                }
                sb.append(']');
            }
        }
        sb.append("],\n    decision = \"forbidden\",\n    justification = ").append(Toml.str(r.justification()))
                .append(",\n");
        appendList(sb, "match", r.match());
        appendList(sb, "not_match", r.notMatch());
        return sb.append(")\n").toString();
    }

    private static void appendList(StringBuilder sb, String name, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        sb.append("    ").append(name).append(" = [");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Toml.str(values.get(i)));
        }
        sb.append("],\n");
    }

    private static JsonObject pluginManifest(String name, RenderPlan.NativeIntegration n) {
        String version = Optional.ofNullable(n.config().get("version")).filter(v -> SEMVER.matcher(v).matches())
                .orElse("0.1.0");
        String desc = "SCC-governed plugin '" + name + "' from bundle '" + n.bundle() + "'.";
        JsonObject o = DeterministicJson.object().put("name", name).put("version", version).put("description", desc);
        o.putObject("author").put("name", "SCC");
        JsonObject ui = o.putObject("interface");
        ui.put("displayName", name).put("shortDescription", desc).put("longDescription", desc)
                .put("developerName", "SCC").put("category", "Productivity");
        ui.putArray("capabilities").add("Read");
        ui.putArray("defaultPrompt").add("Use " + name + ".");
        return o;
    }

    /** {source_type, source, ref} for a Codex {@code [marketplaces.<name>]} table. */
    private static Optional<String[]> marketplaceSource(MarketplaceSource src) {
        if (src instanceof MarketplaceSource.Github g) {
            return Optional.of(new String[] {"git", "https://github.com/" + g.owner() + "/" + g.repo() + ".git",
                    g.branch() == null ? "" : g.branch()});
        } else if (src instanceof MarketplaceSource.Git g) {
            return Optional.of(new String[] {"git", g.url(), g.branch() == null ? "" : g.branch()});
        } else if (src instanceof MarketplaceSource.Directory d && d.path().startsWith("/")) {
            return Optional.of(new String[] {"local", d.path(), ""});
        }
        return Optional.empty();
    }
}

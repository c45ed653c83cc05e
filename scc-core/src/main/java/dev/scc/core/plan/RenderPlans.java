package dev.scc.core.plan;

import dev.scc.core.merge.BlockedItem;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.PluginRef;
import dev.scc.core.merge.TargetType;
import dev.scc.core.model.GovernedArtifacts;
import dev.scc.core.model.GovernedArtifacts.InstallIntent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Builds the one {@link RenderPlan} a provider gets from the merge result. Pure and deterministic: the same
 * {@link EffectiveConfig}, provider and options give an equal plan.
 *
 * <p>Bundle rules: a {@code disabled} or {@code request-only} bundle or artifact is skipped with that reason; a
 * native integration without a binding for this provider is skipped ({@code no-binding-for-provider:<id>});
 * skill and MCP names that are unsafe as file or config names are skipped ({@code invalid-name}).
 */
public final class RenderPlans {
    /** Agent Skills name rule; also keeps skill directory names path-safe. */
    public static final Pattern SKILL_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");
    /** MCP server names that work on both providers. */
    public static final Pattern MCP_NAME = Pattern.compile("^[a-zA-Z0-9_-]+$");

    /** Binding keys that mark a native integration, in the order they are looked for. */
    static final List<String> INTEGRATION_KEYS =
            List.of("instructions", "plugin_bundle", "marketplace_bundle", "hooks", "rules");

    private RenderPlans() {}

    /** The plan for {@code provider} with {@link PlanOptions#DEFAULTS}. */
    public static RenderPlan from(EffectiveConfig config, String provider) {
        return from(config, provider, PlanOptions.DEFAULTS);
    }

    /** The plan for {@code provider} (a renderer id such as {@code claude} or {@code codex}). */
    public static RenderPlan from(EffectiveConfig config, String provider, PlanOptions options) {
        List<RenderPlan.Skill> skills = new ArrayList<>();
        List<RenderPlan.McpServer> mcp = new ArrayList<>();
        List<RenderPlan.NativeIntegration> natives = new ArrayList<>();
        List<RenderPlan.Instruction> instructions = new ArrayList<>();
        List<RenderPlan.Skipped> skipped = new ArrayList<>();
        Map<String, RenderPlan.Plugin> plugins = new TreeMap<>();
        Map<String, RenderPlan.Marketplace> marketplaces = new TreeMap<>();
        Set<String> mcpNames = new LinkedHashSet<>();

        for (EffectiveConfig.SourcedPlugin p : config.plugins()) {
            String ref = p.ref();
            plugins.put("plugin:" + ref, new RenderPlan.Plugin("plugin:" + ref, ref, pluginName(ref),
                    PluginRef.marketplace(ref), ItemState.ENABLED, "", p.source()));
        }
        config.marketplaces().forEach((name, src) -> marketplaces.put("marketplace:" + name,
                new RenderPlan.Marketplace("marketplace:" + name, name, Optional.of(src), ItemState.ENABLED, "")));

        for (EffectiveConfig.SourcedMcpServer s : config.mcpServers()) {
            dev.scc.core.model.McpServer m = s.server();
            String name = m.label();
            String key = "mcp:" + name;
            if (!MCP_NAME.matcher(name).matches()) {
                addSkipped(skipped, key, "mcp server '" + name + "'", "invalid-name");
                continue;
            }
            if (mcpNames.add(key)) {
                mcp.add(mcpServer(key, name, m, s.source()));
            }
        }

        for (BlockedItem b : config.blockedItems()) {
            String why = "blocked by " + b.blockedBy() + " (" + b.source() + ")";
            if (b.targetType() == TargetType.PLUGIN) {
                String ref = b.item().strip();
                String key = "plugin:" + ref;
                if (!plugins.containsKey(key)) {
                    boolean canonical = ref.indexOf('@') > 0 && ref.indexOf('@') < ref.length() - 1;
                    plugins.put(key, new RenderPlan.Plugin(key, ref, canonical ? pluginName(ref) : ref,
                            canonical ? PluginRef.marketplace(ref) : "", ItemState.BLOCKED, why, b.source()));
                }
            } else if (b.targetType() == TargetType.MCP_SERVER) {
                String name = b.item().strip();
                String key = "mcp:" + name;
                if (mcpNames.add(key)) {
                    mcp.add(new RenderPlan.McpServer(key, name, Transport.OTHER, "", Optional.empty(), Optional.empty(),
                            List.of(), Map.of(), Map.of(), b.source(), ItemState.BLOCKED, why));
                }
            } else if (b.targetType() == TargetType.MARKETPLACE) {
                String key = "marketplace:" + b.item().strip();
                marketplaces.putIfAbsent(key, new RenderPlan.Marketplace(key, b.item().strip(), Optional.empty(),
                        ItemState.BLOCKED, why));
            }
        }

        List<RenderPlan.Bundle> bundles = new ArrayList<>();
        for (EffectiveConfig.EnabledBundle bundle : config.bundles()) {
            bundles.add(new RenderPlan.Bundle(bundle.name(), bundle.installIntent(),
                    bundle.artifacts().stream().map(GovernedArtifacts.Artifact::name).toList(), bundle.source()));
            for (GovernedArtifacts.Artifact a : bundle.artifacts()) {
                String key = "artifact:" + bundle.name() + "/" + a.name();
                String what = a.kind().wire() + " '" + a.name() + "' of bundle '" + bundle.name() + "'";
                Optional<String> intentSkip = intentSkip(bundle.installIntent(), "bundle-")
                        .or(() -> intentSkip(a.installIntent(), ""));
                if (intentSkip.isPresent()) {
                    addSkipped(skipped, key, what, intentSkip.get());
                    continue;
                }
                InstallIntent intent = bundle.installIntent() == InstallIntent.REQUIRED
                        || a.installIntent() == InstallIntent.REQUIRED ? InstallIntent.REQUIRED : InstallIntent.AVAILABLE;
                Optional<GovernedArtifacts.Binding> binding =
                        a.bindings().stream().filter(b -> b.provider().equals(provider)).findFirst();
                switch (a.kind()) {
                    case SKILL -> {
                        String name = binding.flatMap(GovernedArtifacts.Binding::nativeRef).orElse(a.name());
                        if (!SKILL_NAME.matcher(name).matches()) {
                            addSkipped(skipped, key, what, "invalid-name");
                        } else if (binding.isEmpty() && !a.bindings().isEmpty() && a.sourceUrl().isEmpty()
                                && a.sourcePath().isEmpty()) {
                            addSkipped(skipped, key, what, "no-binding-for-provider:" + provider);
                        } else {
                            String desc = binding.map(b -> b.nativeConfig().get("description")).filter(d -> d != null)
                                    .orElse("Governed skill '" + name + "' from SCC bundle '" + bundle.name() + "'.");
                            skills.add(new RenderPlan.Skill(key, name, bundle.name(), intent, desc, a.sourceType(),
                                    a.sourceUrl(), a.sourcePath(), a.sourceRef(), a.version()));
                        }
                    }
                    case MCP_SERVER -> {
                        if (binding.isEmpty() && !a.bindings().isEmpty()) {
                            addSkipped(skipped, key, what, "no-binding-for-provider:" + provider);
                            continue;
                        }
                        Map<String, String> cfg = binding.map(GovernedArtifacts.Binding::nativeConfig).orElse(Map.of());
                        String name = binding.flatMap(GovernedArtifacts.Binding::nativeRef).orElse(a.name());
                        if (!MCP_NAME.matcher(name).matches()) {
                            addSkipped(skipped, key, what, "invalid-name");
                            continue;
                        }
                        mcp.add(bundleMcp(key, name, a, binding, cfg, bundle.name()));
                    }
                    case NATIVE_INTEGRATION -> {
                        if (binding.isEmpty()) {
                            addSkipped(skipped, key, what, "no-binding-for-provider:" + provider);
                            continue;
                        }
                        Map<String, String> cfg = binding.get().nativeConfig();
                        Optional<String> integration = INTEGRATION_KEYS.stream().filter(cfg::containsKey).findFirst();
                        if (integration.isEmpty()) {
                            addSkipped(skipped, key, what, "unknown-integration");
                        } else if (integration.get().equals("instructions")) {
                            instructions.add(new RenderPlan.Instruction(key, a.name(), bundle.name(),
                                    cfg.get("instructions")));
                        } else {
                            natives.add(new RenderPlan.NativeIntegration(key, a.name(), bundle.name(), intent,
                                    integration.get(), cfg.get(integration.get()), cfg));
                        }
                    }
                }
            }
        }

        Map<String, Object> safetyNet = config.security().safetyNet().orElse(Map.of());
        Optional<RenderPlan.SafetyHook> hook = "allow".equals(String.valueOf(safetyNet.get("action")))
                ? Optional.empty()
                : Optional.of(new RenderPlan.SafetyHook("safety-hook",
                        options.hookCommandTemplate().replace("{provider}", provider), options.hookTimeoutSeconds(),
                        safetyNet));
        // native deny rules: the built-in packs' as switched, then the org's (and delegated) deny command rules that
        // a token prefix expresses faithfully; render and start both get them from here
        List<RenderPlan.DenyRule> deny = new ArrayList<>(SafetyRules.from(safetyNet));
        deny.addAll(OrgRuleDenials.from(config.rules().rules()));
        return new RenderPlan(provider, skills, mcp, natives, bundles, List.copyOf(plugins.values()),
                List.copyOf(marketplaces.values()), hook, deny, instructions,
                Optional.of(new RenderPlan.Trust("trust", options.workspace())), skipped);
    }

    private static void addSkipped(List<RenderPlan.Skipped> skipped, String key, String what, String reason) {
        if (skipped.stream().noneMatch(s -> s.key().equals(key))) {
            skipped.add(new RenderPlan.Skipped(key, what, reason));
        }
    }

    private static Optional<String> intentSkip(InstallIntent intent, String prefix) {
        return switch (intent) {
            case DISABLED -> Optional.of(prefix + "disabled");
            case REQUEST_ONLY -> Optional.of(prefix + "request-only");
            default -> Optional.empty();
        };
    }

    private static String pluginName(String ref) {
        int at = ref.indexOf('@');
        return at > 0 ? ref.substring(0, at) : ref;
    }

    private static RenderPlan.McpServer mcpServer(String key, String name, dev.scc.core.model.McpServer m, String source) {
        return new RenderPlan.McpServer(key, name, Transport.parse(m.type()), m.type(), m.url(), m.command(), m.args(),
                m.env(), m.headers(), source, ItemState.ENABLED, "");
    }

    private static RenderPlan.McpServer bundleMcp(String key, String name, GovernedArtifacts.Artifact a,
            Optional<GovernedArtifacts.Binding> binding, Map<String, String> cfg, String bundle) {
        String rawType = binding.flatMap(GovernedArtifacts.Binding::transportType).orElse(cfg.getOrDefault("type", ""));
        Optional<String> url = Optional.ofNullable(cfg.get("url")).or(a::sourceUrl);
        Optional<String> command = Optional.ofNullable(cfg.get("command"));
        if (rawType.isBlank() && command.isPresent()) {
            rawType = "stdio";
        }
        List<String> args = cfg.containsKey("args") && !cfg.get("args").isBlank()
                ? Arrays.asList(cfg.get("args").strip().split("\\s+")) : List.of();
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        cfg.forEach((k, v) -> {
            if (k.startsWith("env_")) {
                env.put(k.substring(4), v);
            } else if (k.startsWith("header_")) {
                headers.put(k.substring(7), v);
            }
        });
        return new RenderPlan.McpServer(key, name, Transport.parse(rawType), rawType, url, command, args, env, headers,
                "bundle:" + bundle, ItemState.ENABLED, "");
    }
}

package dev.scc.core.plan;

import dev.scc.core.model.GovernedArtifacts.InstallIntent;
import dev.scc.core.model.MarketplaceSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The provider-neutral answer to "what should this agent get", built by {@link RenderPlans} from the merge result.
 * Renderers project it into native files; they never decide policy. Every list is immutable and sorted by key, so
 * equal plans render to equal bytes.
 *
 * @param provider the renderer id this plan was built for (bindings for other providers are already resolved)
 * @param bundles the enabled governed-artifact bundles, for reporting; their artifacts are the items below
 * @param skipped items the plan itself decided not to render (disabled, request-only, no binding, invalid name);
 *     renderers report them as skipped with the same reason
 */
public record RenderPlan(
        String provider,
        List<Skill> skills,
        List<McpServer> mcpServers,
        List<NativeIntegration> nativeIntegrations,
        List<Bundle> bundles,
        List<Plugin> plugins,
        List<Marketplace> marketplaces,
        Optional<SafetyHook> safetyHook,
        List<DenyRule> denyRules,
        List<Instruction> instructions,
        Optional<Trust> trust,
        List<Skipped> skipped) {

    public RenderPlan {
        skills = sorted(skills);
        mcpServers = sorted(mcpServers);
        nativeIntegrations = sorted(nativeIntegrations);
        bundles = bundles.stream().sorted(java.util.Comparator.comparing(Bundle::name)).toList();
        plugins = sorted(plugins);
        marketplaces = sorted(marketplaces);
        denyRules = sorted(denyRules);
        instructions = sorted(instructions);
        skipped = sorted(skipped);
        Set<String> seen = new HashSet<>();
        for (PlanItem i : all(skills, mcpServers, nativeIntegrations, plugins, marketplaces, safetyHook, denyRules,
                instructions, trust, skipped)) {
            if (!seen.add(i.key())) {
                throw new IllegalArgumentException("duplicate plan item key '" + i.key() + "'");
            }
        }
    }

    /** A plan with nothing in it: rendering it removes everything a previous render owned. */
    public static RenderPlan empty(String provider) {
        return new RenderPlan(provider, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                Optional.empty(), List.of(), List.of(), Optional.empty(), List.of());
    }

    /** Every item, in a fixed order (by category, then key). */
    public List<PlanItem> items() {
        return all(skills, mcpServers, nativeIntegrations, plugins, marketplaces, safetyHook, denyRules, instructions,
                trust, skipped);
    }

    /** The keys of {@link #items()}. */
    public List<String> keys() {
        return items().stream().map(PlanItem::key).toList();
    }

    private static List<PlanItem> all(
            List<? extends PlanItem> a, List<? extends PlanItem> b, List<? extends PlanItem> c, List<? extends PlanItem> d,
            List<? extends PlanItem> e, Optional<? extends PlanItem> f, List<? extends PlanItem> g,
            List<? extends PlanItem> h, Optional<? extends PlanItem> i, List<? extends PlanItem> j) {
        List<PlanItem> out = new ArrayList<>();
        out.addAll(a);
        out.addAll(b);
        out.addAll(c);
        out.addAll(d);
        out.addAll(e);
        f.ifPresent(out::add);
        out.addAll(g);
        out.addAll(h);
        i.ifPresent(out::add);
        out.addAll(j);
        return List.copyOf(out);
    }

    private static <T extends PlanItem> List<T> sorted(List<T> in) {
        return in.stream().sorted(java.util.Comparator.comparing(PlanItem::key)).toList();
    }

    static <K, V> Map<K, V> sortedMap(Map<K, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(m)));
    }

    /** An enabled bundle and the install intent it was enabled with. */
    public record Bundle(String name, InstallIntent installIntent, List<String> artifacts, String source) {
        public Bundle {
            artifacts = List.copyOf(artifacts);
        }
    }

    /**
     * A skill to install. {@code name} is validated against the Agent Skills name rule ({@code
     * ^[a-z0-9][a-z0-9-]{0,63}$}), so it is safe as a directory name.
     */
    public record Skill(
            String key,
            String name,
            String bundle,
            InstallIntent installIntent,
            String description,
            Optional<String> sourceType,
            Optional<String> sourceUrl,
            Optional<String> sourcePath,
            Optional<String> sourceRef,
            Optional<String> version)
            implements PlanItem {}

    /**
     * An MCP server. Header and env values are passed through as written by policy: secrets are expected as
     * {@code ${VAR}} references, never literals. {@code bearerTokenEnvVar} names the variable holding a bearer
     * token when policy gave one as {@code Authorization: Bearer ${VAR}}.
     *
     * @param origin {@code config} for servers from the merged layers, or {@code bundle:<name>}
     * @param state {@link ItemState#BLOCKED} for servers security refused (renderers deny them natively)
     */
    public record McpServer(
            String key,
            String name,
            Transport transport,
            String rawType,
            Optional<String> url,
            Optional<String> command,
            List<String> args,
            Map<String, String> env,
            Map<String, String> headers,
            String origin,
            ItemState state,
            String reason)
            implements PlanItem {
        public McpServer {
            args = List.copyOf(args);
            env = sortedMap(env);
            headers = sortedMap(headers);
        }

        /** The env var of an {@code Authorization: Bearer ${VAR}} header, if that is the header's exact form. */
        public Optional<String> bearerTokenEnvVar() {
            String v = headers.get("Authorization");
            if (v == null) {
                return Optional.empty();
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^Bearer \\$\\{([A-Za-z_][A-Za-z0-9_]*)}$")
                    .matcher(v.strip());
            return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    /**
     * A provider-native integration from a bundle binding ({@code plugin_bundle}, {@code marketplace_bundle},
     * {@code hooks}, {@code rules}). {@code value} is the binding's value for {@code integration}.
     */
    public record NativeIntegration(
            String key, String name, String bundle, InstallIntent installIntent, String integration, String value,
            Map<String, String> config)
            implements PlanItem {
        public NativeIntegration {
            config = sortedMap(config);
        }
    }

    /** A plugin by canonical {@code name@marketplace} ref; blocked plugins are rendered as disabled. */
    public record Plugin(String key, String ref, String name, String marketplace, ItemState state, String reason, String origin)
            implements PlanItem {}

    /** A plugin marketplace. A blocked marketplace may have no known source. */
    public record Marketplace(String key, String name, Optional<MarketplaceSource> source, ItemState state, String reason)
            implements PlanItem {}

    /**
     * The SCC safety hook: renderers wire it as the provider's pre-tool-use hook.
     *
     * @param command the full command line the agent runs (from {@link PlanOptions#hookCommandTemplate()})
     * @param policy the raw {@code security.safety_net} section (empty map = defaults, every rule on)
     */
    public record SafetyHook(String key, String command, int timeoutSeconds, Map<String, Object> policy)
            implements PlanItem {
        public SafetyHook {
            policy = sortedMap(policy);
        }
    }

    /**
     * A static command rule derived from the safety policy: an ordered token prefix where each position lists
     * alternatives. Renderers write it as Claude deny rules and Codex {@code forbidden} prefix rules; it is a
     * second layer next to the hook, not the boundary (prefix matching is order-sensitive).
     *
     * @param match example commands the rule must match; {@code notMatch} ones it must not
     */
    public record DenyRule(
            String key, String ruleId, List<List<String>> pattern, String justification, List<String> match,
            List<String> notMatch)
            implements PlanItem {
        public DenyRule {
            pattern = pattern.stream().map(List::copyOf).toList();
            match = List.copyOf(match);
            notMatch = List.copyOf(notMatch);
        }

        /** Every concrete token sequence the pattern stands for, in order. */
        public List<List<String>> expansions() {
            List<List<String>> out = new ArrayList<>();
            out.add(List.of());
            for (List<String> alts : pattern) {
                List<List<String>> next = new ArrayList<>();
                for (List<String> prefix : out) {
                    for (String a : alts) {
                        List<String> p = new ArrayList<>(prefix);
                        p.add(a);
                        next.add(List.copyOf(p));
                    }
                }
                out = next;
            }
            return List.copyOf(out);
        }
    }

    /** Instruction text for the agent (markdown), from a bundle's {@code instructions} binding. */
    public record Instruction(String key, String name, String bundle, String text) implements PlanItem {}

    /** The workspace the agent works in; Codex needs it marked trusted in an SCC-owned layer. */
    public record Trust(String key, String workspace) implements PlanItem {}

    /** An item the plan does not render, with a stable machine-readable reason such as {@code request-only}. */
    public record Skipped(String key, String what, String reason) implements PlanItem {}
}

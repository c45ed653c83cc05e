package dev.scc.app.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.core.merge.PluginRef;
import dev.scc.core.model.MarketplaceSource;
import dev.scc.core.plan.ItemState;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderedFile;
import dev.scc.policy.source.TreeContent;
import dev.scc.policy.source.marketplace.MarketplaceMaterializer;
import dev.scc.policy.source.marketplace.MarketplaceSourceException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Makes governed plugin marketplaces work without the agent fetching them: before rendering, every enabled
 * marketplace with a {@code git} or {@code github} source, or a {@code directory} on the host (relative to a local
 * org file), is materialised host-side and its plan entry rewritten to a
 * {@link MarketplaceSource.Directory} at {@code /opt/scc/marketplaces/<name>} (the plan stays provider-neutral and
 * the renderers render a directory source as they always did); after rendering, the marketplace's files are added
 * under that path, so the runtime places them root-owned and read-only. This does not depend on the network
 * posture: the agent never fetches a governed marketplace, so an open session behaves like an enforced one.
 * {@code url} sources, directories that are not on the host, and blocked marketplaces, are left as they are. A marketplace that
 * cannot be materialised throws {@link MarketplaceSourceException} (the caller fails closed).
 *
 * <p>Because SCC now places the catalog, it also renders it: plugins the plan blocks, and plugins matching the org's
 * {@code security.blocked_plugins} that the merge did not enable, are dropped from the placed
 * {@code .claude-plugin/marketplace.json}. Codex has no managed block for a plugin (a user-layer {@code codex plugin
 * add} overrides the system layer's {@code enabled = false}), so for it the omission is the block; for Claude it is
 * a second layer next to the managed {@code enabledPlugins} {@code false}, and it also covers pattern-blocked plugins
 * no layer ever named.
 */
public final class MarketplaceInstall {
    /** Where materialised marketplaces live in the sandbox (outside the workspace and the agent's HOME). */
    public static final String ROOT = "/opt/scc/marketplaces";

    /** The marketplace name SCC's own Codex catalog uses under the same root. */
    static final String RESERVED_NAME = "scc-managed";

    /** A name that is one safe path segment (Claude's own marketplace names are kebab-case). */
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

    private MarketplaceInstall() {}

    /**
     * The plan with materialised marketplaces pointing at their sandbox directory, and the files to place.
     *
     * @param files relative to the sandbox root (like rendered files), under {@code opt/scc/marketplaces/<name>/}
     */
    public record Prepared(RenderPlan plan, List<RenderedFile> files) {
        public Prepared {
            files = List.copyOf(files);
        }

        /** The render result with the marketplace files added (a rendered file of the same path is replaced). */
        public RenderResult addTo(RenderResult rendered) {
            if (files.isEmpty()) {
                return rendered;
            }
            Map<String, RenderedFile> all = new TreeMap<>();
            rendered.files().forEach(f -> all.put(f.path(), f));
            files.forEach(f -> all.put(f.path(), f));
            return new RenderResult(List.copyOf(all.values()), rendered.report());
        }
    }

    /**
     * Materialises the plan's git/github marketplaces (see the class contract).
     *
     * @param blockedPlugins the org's {@code security.blocked_plugins} patterns
     */
    public static Prepared apply(RenderPlan plan, MarketplaceMaterializer materializer, List<String> blockedPlugins) {
        Set<String> enabled = new HashSet<>();
        Set<String> blocked = new HashSet<>();
        for (RenderPlan.Plugin p : plan.plugins()) {
            (p.state() == ItemState.ENABLED ? enabled : blocked).add(fold(p.ref()));
        }
        Predicate<String> isBlocked = ref -> blocked.contains(fold(ref))
                || (!enabled.contains(fold(ref)) && PluginRef.firstMatch(ref, blockedPlugins).isPresent());
        List<RenderPlan.Marketplace> marketplaces = new ArrayList<>();
        List<RenderedFile> files = new ArrayList<>();
        boolean changed = false;
        for (RenderPlan.Marketplace m : plan.marketplaces()) {
            Optional<MarketplaceSource> src = m.source();
            if (m.state() != ItemState.ENABLED || src.isEmpty()
                    || !(src.get() instanceof MarketplaceSource.Git || src.get() instanceof MarketplaceSource.Github
                            || src.get() instanceof MarketplaceSource.Directory)) {
                marketplaces.add(m);
                continue;
            }
            if (!NAME.matcher(m.name()).matches() || m.name().equals(".") || m.name().equals("..")) {
                throw new MarketplaceSourceException(m.key(), MarketplaceMaterializer.describe(src.get()),
                        "the name '" + m.name() + "' cannot be a directory name",
                        "letters, digits, '.', '_', '-' (starting with a letter or digit)");
            }
            if (m.name().equals(RESERVED_NAME)) {
                throw new MarketplaceSourceException(m.key(), MarketplaceMaterializer.describe(src.get()),
                        "the name '" + RESERVED_NAME + "' is SCC's own catalog of bundle plugins (same directory)",
                        "any other marketplace name");
            }
            TreeContent content = materializer.materialize(m.key(), m.name(), src.get());
            if (!(content instanceof TreeContent.Files f)) {
                marketplaces.add(m);
                continue;
            }
            String dir = ROOT + "/" + m.name();
            for (TreeContent.File file : f.files()) {
                byte[] bytes = file.path().equals(MarketplaceMaterializer.CATALOG)
                        ? withoutBlocked(m, src.get(), file.content(), isBlocked) : file.content();
                files.add(new RenderedFile(dir.substring(1) + "/" + file.path(), bytes, file.mode(),
                        RenderedFile.Ownership.WHOLE_FILE));
            }
            changed = true;
            marketplaces.add(new RenderPlan.Marketplace(m.key(), m.name(),
                    Optional.of(new MarketplaceSource.Directory(dir)), m.state(), m.reason()));
        }
        if (!changed) {
            return new Prepared(plan, List.of());
        }
        RenderPlan rewritten = new RenderPlan(plan.provider(), plan.skills(), plan.mcpServers(),
                plan.nativeIntegrations(), plan.bundles(), plan.plugins(), marketplaces, plan.safetyHook(),
                plan.denyRules(), plan.instructions(), plan.trust(), plan.skipped());
        return new Prepared(rewritten, files);
    }

    /** As the merge compares plugin refs: case-insensitive, surrounding whitespace ignored. */
    private static String fold(String s) {
        return s.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** The catalog without the plugins {@code isBlocked} refuses; the same bytes when it refuses none. */
    private static byte[] withoutBlocked(RenderPlan.Marketplace m, MarketplaceSource src, byte[] catalog,
            Predicate<String> isBlocked) {
        ObjectMapper json = new ObjectMapper();
        JsonNode doc;
        try {
            doc = json.readTree(catalog);
        } catch (java.io.IOException e) {
            // The materialiser parsed it already; reaching this is a bug, and a launch must not go on unfiltered.
            throw new MarketplaceSourceException(m.key(), MarketplaceMaterializer.describe(src),
                    "cannot re-read " + MarketplaceMaterializer.CATALOG, "valid JSON", e);
        }
        if (!(doc instanceof ObjectNode o) || !(o.get("plugins") instanceof ArrayNode plugins)) {
            return catalog;
        }
        ArrayNode kept = json.createArrayNode();
        for (JsonNode p : plugins) {
            JsonNode name = p.get("name");
            if (name != null && name.isTextual() && isBlocked.test(name.asText().strip() + "@" + m.name())) {
                continue;
            }
            kept.add(p);
        }
        if (kept.size() == plugins.size()) {
            return catalog;
        }
        o.set("plugins", kept);
        return (o.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}

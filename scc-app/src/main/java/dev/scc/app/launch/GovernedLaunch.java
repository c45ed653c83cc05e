package dev.scc.app.launch;

import dev.scc.core.SccException.Kind;
import dev.scc.app.governance.Governance;
import dev.scc.app.governance.GovernanceException;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.plan.PlanOptions;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.runtime.LaunchSpec;
import dev.scc.core.model.NetworkPosture;
import dev.scc.core.runtime.SandboxFile;
import dev.scc.core.runtime.ResourceLimits;
import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RendererRegistry;
import dev.scc.policy.explain.ExplainJson;
import dev.scc.policy.source.PolicySource;
import dev.scc.policy.source.marketplace.MarketplaceMaterializer;
import dev.scc.policy.source.skill.SkillMaterializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns the one effective configuration into a {@link LaunchSpec}: the provider's native files rendered from the
 * plan, the safety policy for the in-sandbox evaluator, the posture, the egress allowlist and the limits. This is
 * the only place a launch gets its policy, so what {@code scc config explain} shows is what runs.
 */
public final class GovernedLaunch {
    /** Where the in-sandbox evaluator reads its policy (root-owned, read-only; see images/scc-base). */
    public static final String SAFETY_POLICY_PATH = "/etc/scc/safety-policy.json";

    private static final com.fasterxml.jackson.databind.ObjectMapper POLICY_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private final RendererRegistry renderers;
    private final dev.scc.core.spi.AgentProviderRegistry providers;

    /** With the providers found on the class path (loaded once, here). */
    public GovernedLaunch(RendererRegistry renderers) {
        this(renderers, dev.scc.core.spi.AgentProviderRegistry.load());
    }

    /** With the composition root's provider registry (the CLI's {@code CliServices.providers()}). */
    public GovernedLaunch(RendererRegistry renderers, dev.scc.core.spi.AgentProviderRegistry providers) {
        this.renderers = java.util.Objects.requireNonNull(renderers, "renderers");
        this.providers = java.util.Objects.requireNonNull(providers, "providers");
    }

    /** The launch, and the render report that explains every plan item. */
    public record Prepared(LaunchSpec spec, RenderReport report, List<String> destinationSets) {}

    /**
     * Prepares a launch for {@code provider} in {@code workspace}. Governed skills get their real contents from
     * {@code skills} (see {@link SkillInstall}); git/github plugin marketplaces are fetched by {@code marketplaces} and
     * placed under {@link MarketplaceInstall#ROOT}, the plan pointing at them there.
     *
     * @throws GovernanceException (kind REFUSED) when the provider is not allowed, or a safety-relevant plan item
     *     could not be rendered
     * @throws dev.scc.policy.source.skill.SkillSourceException (kind CONFIG) when a governed skill's source cannot be
     *     materialised: the launch fails closed rather than run without a skill the org requires
     * @throws dev.scc.policy.source.marketplace.MarketplaceSourceException (kind CONFIG) likewise for a marketplace
     */
    public Prepared prepare(Governance.Resolved resolved, String provider, Path workspace, Map<String, String> hostEnv,
            boolean resume, SkillMaterializer skills, MarketplaceMaterializer marketplaces) {
        EffectiveConfig e = resolved.effective();
        if (!e.allowedProviders().contains(provider)) {
            throw new GovernanceException("Provider '" + provider + "' is not allowed for team '" + e.team()
                    + "' (allowed: " + (e.allowedProviders().isEmpty() ? "none" : String.join(", ", e.allowedProviders()))
                    + ")", Kind.REFUSED);
        }
        ProviderRenderer renderer = renderers.get(provider);
        MarketplaceInstall.Prepared local = MarketplaceInstall.apply(
                RenderPlans.from(e, provider, PlanOptions.DEFAULTS), marketplaces, e.security().blockedPlugins());
        RenderPlan plan = local.plan();
        RenderResult rendered = local.addTo(SkillInstall.apply(plan, renderer.render(plan, RenderContext.DEFAULTS),
                skills));
        List<SandboxFile> files = new ArrayList<>();
        for (dev.scc.core.spi.RenderedFile f : rendered.files()) {
            if (f.ownership() != dev.scc.core.spi.RenderedFile.Ownership.WHOLE_FILE) {
                // Managed blocks merge into user-owned files; inside the sandbox there is no user copy to merge with.
                continue;
            }
            files.add(new SandboxFile("/" + f.path(), f.content(), f.mode()));
        }
        files.add(new SandboxFile(SAFETY_POLICY_PATH, safetyPolicy(e), 0644));
        Optional<dev.scc.core.spi.AgentProvider> agent = providers.find(provider);
        agent.map(GovernedLaunch::hookFormats).ifPresent(files::add);

        Map<String, String> env = providerEnv(agent, e.posture(), hostEnv);
        // No team (an org without team profiles) runs on the org baseline: the session has no team.
        Optional<String> team = e.team().isEmpty() ? Optional.empty() : Optional.of(e.team());
        LaunchSpec spec = new LaunchSpec(workspace.toAbsolutePath().normalize(), provider, team,
                e.posture(), new TreeSet<>(e.destinations()), Optional.empty(), files, env,
                limits(e), fingerprint(resolved), resume).withProtection(protection(e, providers));
        return new Prepared(spec, rendered.report(), e.destinationSets());
    }

    /**
     * The skill materialiser for a launch of {@code resolved}: clones cached under {@code <cacheDir>/skills},
     * relative local paths resolved against the org file's directory (none for a remote org), {@code git} run with
     * the invocation's environment.
     */
    public static SkillMaterializer skillMaterializer(Governance.Resolved resolved, Path sccCacheDir, boolean offline,
            Map<String, String> env, java.time.Clock clock) {
        return skillMaterializer(resolved, sccCacheDir, offline, false, env, clock);
    }

    /** As above; with {@code dryRun} nothing is fetched (see {@link SkillMaterializer#wouldFetch()}). */
    public static SkillMaterializer skillMaterializer(Governance.Resolved resolved, Path sccCacheDir, boolean offline,
            boolean dryRun, Map<String, String> env, java.time.Clock clock) {
        return new SkillMaterializer(sccCacheDir, localOrgDir(resolved), offline, dryRun,
                SkillMaterializer.DEFAULT_LIMITS, env, clock, SkillMaterializer.httpsDownloader());
    }

    /**
     * The marketplace materialiser for a launch: clones cached under {@code <cacheDir>/marketplaces}; {@code
     * directory} sources relative to a local org file read from its directory; with {@code dryRun} nothing is cloned
     * (see {@link MarketplaceMaterializer#wouldFetch()}).
     */
    public static MarketplaceMaterializer marketplaceMaterializer(Optional<Path> localOrgDir, Path sccCacheDir,
            boolean offline, boolean dryRun, Map<String, String> env, java.time.Clock clock) {
        return new MarketplaceMaterializer(sccCacheDir, localOrgDir, offline, dryRun,
                MarketplaceMaterializer.DEFAULT_LIMITS, env, clock);
    }

    /** The directory of the org document when it is a local file (relative sources resolve against it). */
    public static Optional<Path> localOrgDir(Governance.Resolved resolved) {
        return resolved.orgFetch().source() instanceof PolicySource.LocalFile lf
                ? Optional.ofNullable(lf.path().toAbsolutePath().getParent()) : Optional.empty();
    }

    /**
     * SCC's default protected paths and every installed agent's workspace settings
     * ({@link dev.scc.core.runtime.WorkspaceProtection#forProviders}) with the org's choices
     * ({@code security.workspace_protection}, either way) applied, then the merge's effective protection (the
     * delegated team and project layers' stricter choices) over that, never weaker: a config merged without every
     * installed agent still protects their settings.
     */
    static dev.scc.core.runtime.WorkspaceProtection protection(EffectiveConfig e,
            dev.scc.core.spi.AgentProviderRegistry providers) {
        Map<String, dev.scc.core.runtime.WorkspaceProtection.Mode> org = new java.util.TreeMap<>();
        e.security().workspaceProtection().forEach((path, mode) -> org.put(path,
                dev.scc.core.runtime.WorkspaceProtection.Mode.parse(mode).orElseThrow(() ->
                        new IllegalStateException("security.workspace_protection." + path + ": '" + mode
                                + "' is not read-only, review or off"))));
        return dev.scc.core.runtime.WorkspaceProtection.forProviders(providers.all()).with(org, true)
                .with(e.protection().paths(), false);
    }

    /**
     * The sandbox's provider variables: the credential variables the provider declares, from the host when set (the
     * only host variables a sandbox gets), and, unless egress is open, the provider's
     * {@link dev.scc.core.spi.AgentProvider#quietEnv()}.
     */
    public static Map<String, String> providerEnv(Optional<dev.scc.core.spi.AgentProvider> provider,
            dev.scc.core.model.NetworkPosture posture, Map<String, String> hostEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        provider.ifPresent(p -> {
            for (String k : p.credentialEnv()) {
                if (hostEnv.get(k) != null) {
                    env.put(k, hostEnv.get(k));
                }
            }
            if (posture != dev.scc.core.model.NetworkPosture.OPEN) {
                env.putAll(new java.util.TreeMap<>(p.quietEnv()));
            }
        });
        return env;
    }

    /**
     * The evaluator's policy: the org's safety_net section plus the session's allowed destinations and the effective
     * action rules (org, and delegated team and project rules, each with its origin), so the sandbox's engine reaches
     * the same verdicts as {@code scc policy simulate} on the host.
     */
    static byte[] safetyPolicy(EffectiveConfig e) {
        return safetyPolicy(e.security().safetyNet().orElse(Map.of()), e.destinations(), e.rules());
    }

    /** The bytes of {@value #SAFETY_POLICY_PATH} a session with this effective config gets (what {@code scc policy} judges). */
    public static byte[] sandboxSafetyPolicy(EffectiveConfig e) {
        return safetyPolicy(e);
    }

    /**
     * The hook format the provider declares, where the sandbox's safety engine reads it
     * ({@value dev.scc.safety.hook.HookFormats#PATH}).
     */
    public static SandboxFile hookFormats(dev.scc.core.spi.AgentProvider p) {
        return new SandboxFile(dev.scc.safety.hook.HookFormats.PATH, dev.scc.safety.hook.HookFormats.render(List.of(
                hookFormat(p))).getBytes(StandardCharsets.UTF_8), 0644);
    }

    /** The safety engine's view of a provider's declared hook format (the engine depends on nothing). */
    public static dev.scc.safety.hook.HookAdaptor.Format hookFormat(dev.scc.core.spi.AgentProvider p) {
        return new dev.scc.safety.hook.HookAdaptor.Format(p.id(), p.hookFormat().label(), p.hookFormat().shellTools());
    }

    /**
     * The policy of a standalone session: the default pack (no {@code safety_net} section means every rule on) with
     * the session's destinations. Without it the sandbox's evaluator has no policy and refuses every git and curl.
     */
    public static SandboxFile defaultSafetyPolicy(java.util.Collection<String> destinations) {
        return new SandboxFile(SAFETY_POLICY_PATH, safetyPolicy(Map.of(), new TreeSet<>(destinations),
                dev.scc.safety.rules.RuleSet.EMPTY), 0644);
    }

    private static byte[] safetyPolicy(Map<String, Object> safetyNet, java.util.Collection<String> destinations,
            dev.scc.safety.rules.RuleSet rules) {
        Map<String, Object> policy = new LinkedHashMap<>(safetyNet);
        policy.put("allowed_destinations", List.copyOf(destinations));
        if (rules.hasPatternRules()) {
            try {
                policy.put("rules", POLICY_JSON.readTree(dev.scc.safety.rules.RuleCodec.toJson(rules.rules())));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException("the rule model wrote JSON it cannot read back", ex);
            }
        }
        try {
            return (POLICY_JSON.writeValueAsString(policy) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("plain maps and lists always serialise", ex);
        }
    }

    private static ResourceLimits limits(EffectiveConfig e) {
        ResourceLimits d = ResourceLimits.DEFAULT;
        long memory = e.sandbox().memory().map(GovernedLaunch::bytes).orElse(d.memoryBytes());
        return new ResourceLimits(memory, e.sandbox().cpus().orElse(d.cpus()),
                e.sandbox().pidsLimit().map(Integer::longValue).orElse(d.pids()));
    }

    /** {@code 512m}, {@code 4g}, {@code 1024b} or plain bytes (the schema's {@code ^[0-9]+[bkmg]?$}). */
    static long bytes(String s) {
        String v = s.strip().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = v.isEmpty() ? '0' : v.charAt(v.length() - 1);
        if (last == 'b' || last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'b' ? 1 : last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Long.parseLong(v) * unit;
        } catch (NumberFormatException ex) {
            throw new GovernanceException("defaults.sandbox.memory '" + s + "' is not a size like 512m or 4g", Kind.CONFIG);
        }
    }

    /** A digest of the org document and of what the merge made of it for this team and project. */
    static String fingerprint(Governance.Resolved r) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(r.org().fingerprint().getBytes(StandardCharsets.UTF_8));
            md.update(ExplainJson.effective(r.effective()).toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by every JDK", ex);
        }
    }
}

package dev.scc.app.governance;

import dev.scc.core.SccException.Kind;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.MergeException;
import dev.scc.core.merge.MergeInput;
import dev.scc.core.merge.TrustMerge;
import dev.scc.core.model.PolicyException;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.model.TeamConfig;
import dev.scc.core.model.TeamProfile;
import dev.scc.core.model.UserConfig;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.policy.PolicyLoader;
import dev.scc.policy.exception.ExceptionStore;
import dev.scc.policy.schema.DocumentKind;
import dev.scc.policy.source.ConfigSources;
import dev.scc.policy.source.DocumentCheck;
import dev.scc.policy.source.XdgDirs;
import dev.scc.policy.source.FetchMode;
import dev.scc.policy.source.FetchResult;
import dev.scc.policy.source.PolicyFetcher;
import dev.scc.policy.source.PolicySource;
import dev.scc.policy.source.SourceResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link GovernanceRequest} into the one {@link EffectiveConfig}: finds the org config (file, URL or
 * shorthand, through the validated cache), the team and its federated config, the project and user layers and
 * the local overrides, then merges. Every command that needs governance (explain, validate, unblock, render,
 * start) goes through here, so they cannot disagree.
 */
public final class Governance {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Governance.class);
    private final PolicyLoader loader;
    private final TrustMerge merge;
    private final XdgDirs dirs;
    private final Clock clock;
    private final Path workingDir;
    private final SourceResolver resolver;
    private final PolicyFetcher fetcher;
    private final DocumentCheck orgCheck;
    private final DocumentCheck teamCheck;

    private final java.util.function.Supplier<AgentProviderRegistry> providers;

    /** Governance over the providers installed on this class path (discovered when a provider is first named). */
    public Governance(PolicyLoader loader, TrustMerge merge, XdgDirs dirs, Clock clock, Path workingDir,
            SourceResolver resolver, PolicyFetcher fetcher, DocumentCheck orgCheck, DocumentCheck teamCheck) {
        this(loader, merge, dirs, clock, workingDir, resolver, fetcher, orgCheck, teamCheck,
                AgentProviderRegistry::load);
    }

    public Governance(PolicyLoader loader, TrustMerge merge, XdgDirs dirs, Clock clock, Path workingDir,
            SourceResolver resolver, PolicyFetcher fetcher, DocumentCheck orgCheck, DocumentCheck teamCheck,
            java.util.function.Supplier<AgentProviderRegistry> providers) {
        this.providers = providers;
        this.loader = loader;
        this.merge = merge;
        this.dirs = dirs;
        this.clock = clock;
        this.workingDir = workingDir;
        this.resolver = resolver;
        this.fetcher = fetcher;
        this.orgCheck = orgCheck;
        this.teamCheck = teamCheck;
    }

    /**
     * The standard stack, as the CLI composes it: org and team documents schema-checked, remote ones fetched
     * through the validated cache under the XDG cache directory, credentials for private sources read from
     * {@code env}.
     *
     * @param home the user's home (for {@code ~} in sources and the XDG defaults)
     * @param workingDir what relative sources are resolved against
     */
    public static Governance standard(Path home, Path workingDir, java.util.Map<String, String> env, Clock clock) {
        XdgDirs dirs = XdgDirs.from(env, home);
        dev.scc.policy.schema.DocumentReader reader = new dev.scc.policy.schema.DocumentReader();
        dev.scc.policy.schema.SchemaValidator validator = new dev.scc.policy.schema.SchemaValidator();
        PolicyFetcher fetcher = new PolicyFetcher(dirs.sccCacheDir(), clock, key -> Optional.ofNullable(env.get(key)),
                dev.scc.policy.source.FetchOptions.defaults());
        return new Governance(new PolicyLoader(reader, validator, clock), new TrustMerge(), dirs, clock, workingDir,
                SourceResolver.of(home, workingDir), fetcher, DocumentCheck.schema(reader, validator, DocumentKind.ORG),
                DocumentCheck.schema(reader, validator, DocumentKind.TEAM));
    }

    /** The merged result plus what it was made from. */
    public record Resolved(
            MergeInput input,
            EffectiveConfig effective,
            PolicyLoader.OrgDocument org,
            FetchResult orgFetch,
            Optional<ProjectConfig> project,
            Optional<Path> projectFile,
            List<String> warnings) {}

    /** Fetches (or reads) the org document alone, validated; for {@code scc org update|status} and setup. */
    public FetchResult fetchOrg(String raw, boolean offline) {
        PolicySource source = resolver.resolve(raw);
        return fetcher.fetch(source, offline ? FetchMode.OFFLINE : FetchMode.ONLINE, orgCheck);
    }

    /** Fetches (or reads) and maps the org document; the fingerprint covers the exact bytes. */
    public PolicyLoader.OrgDocument loadOrg(FetchResult fetched) {
        return loader.fromValidatedTree(fetched.source().displayName(), fetched.document(), "sha256:" + fetched.sha256());
    }

    /** The age limit the org sets for launching on a cached copy ({@code defaults.max_stale_hours}), if any. */
    public static Optional<Duration> maxStaleAge(FetchResult orgFetch) {
        int hours = orgFetch.document().path("defaults").path("max_stale_hours").asInt(0);
        return hours > 0 ? Optional.of(Duration.ofHours(hours)) : Optional.empty();
    }

    /** The org source the user connected with {@code scc setup}, if any. */
    public Optional<String> connectedOrgSource() {
        return loader.loadUser(dirs.userConfigFile()).organizationSource();
    }

    /** Loads every layer and merges them. */
    public Resolved resolve(GovernanceRequest req) {
        UserConfig user = loader.loadUser(dirs.userConfigFile());
        String raw = req.orgSource().or(user::organizationSource).orElseThrow(() -> new GovernanceException(
                "no organization config: pass --org FILE|URL, or run 'scc setup' to connect one", Kind.CONFIG));
        LOG.debug("org source {} ({}){}", raw, req.orgSource().isPresent() ? "--org" : "saved by scc setup",
                req.offline() ? ", offline" : "");
        FetchResult fetched = fetchOrg(raw, req.offline());
        LOG.debug("org config {} from {} ({})", fetched.source().displayName(), fetched.origin(), fetched.sha256());
        PolicyLoader.OrgDocument org = loadOrg(fetched);
        List<String> warnings = new ArrayList<>(fetched.warnings());
        Optional<Duration> maxAge = maxStaleAge(fetched);
        checkFreshness(fetched, "the org config in use", maxAge, req, warnings);

        // The workspace: as given, else the git root of the working directory (what 'scc start' mounts), else it.
        Optional<Path> ws = req.workspace().or(() -> req.projectFile().isPresent() ? Optional.empty()
                : Optional.of(ExceptionStore.findRepoRoot(workingDir).orElse(workingDir)));
        // Explicit beats pinned beats selected: --team, then the team pinned to this workspace, then the default.
        // No team at all is the org baseline (org defaults and security only), except for a launch of an org that
        // has teams to choose from.
        Optional<String> pinned = ws.flatMap(w -> pinnedTeam(user, w));
        Optional<String> chosen = req.team().or(() -> pinned).or(user::selectedTeam);
        if (chosen.isEmpty() && req.forLaunch() && !org.config().profiles().isEmpty()) {
            throw new GovernanceException("no team selected: pass --team NAME (available: "
                    + String.join(", ", org.config().profiles().keySet()) + ") or choose one with 'scc team switch NAME'", Kind.CONFIG);
        }
        String team = chosen.orElse("");
        LOG.debug("team {} ({}), workspace {}", team.isEmpty() ? "(none: org baseline)" : team,
                req.team().isPresent() ? "--team" : pinned.isPresent() ? "pinned to the workspace"
                        : chosen.isPresent() ? "selected" : "default", ws.map(Path::toString).orElse("(none)"));
        // Explicit beats saved: --provider, then the provider chosen with 'scc setup' / 'scc provider set'.
        Optional<String> providerId = req.provider().or(() -> user.selectedProvider().filter(p -> !p.equals("ask")));
        Optional<AgentProvider> provider = Optional.empty();
        if (providerId.isPresent()) {
            provider = Optional.of(provider(providerId.get()));
        }
        TeamProfile profile = team.isEmpty() ? TeamProfile.empty("") : org.config().profile(team).orElseThrow(
                () -> new GovernanceException("Team '" + team + "' not found in organization config. Available teams: "
                        + (org.config().profiles().isEmpty() ? "none (leave out --team for the org baseline)"
                                : String.join(", ", org.config().profiles().keySet())), Kind.NOT_FOUND));
        Optional<TeamConfig> teamConfig = Optional.empty();
        if (profile.federated()) {
            teamConfig = Optional.of(teamConfig(profile, fetched.source(), req, maxAge, warnings));
        }
        Optional<Path> projectFile = req.projectFile().or(() -> ws.map(w -> w.resolve(".scc.yaml")));
        // Fail closed on broken paths: a project file named with --project must be there, and a workspace must be a
        // directory; either way "no project config" would silently skip the project's checks.
        req.workspace().filter(w -> req.projectFile().isEmpty() && !Files.isDirectory(w)).ifPresent(w -> {
            throw new GovernanceException("workspace " + w + " is not a directory (missing, a file or a broken link);"
                    + " pass an existing workspace directory with --workspace", Kind.NOT_FOUND);
        });
        Optional<ProjectConfig> project = req.projectFile().isPresent()
                ? Optional.of(loader.requireProject(req.projectFile().get()))
                : projectFile.flatMap(loader::loadProject);
        LOG.debug("provider {}, project layer {}", providerId.orElse("(none)"),
                projectFile.map(p -> p + (project.isPresent() ? "" : " (absent)")).orElse("(none)"));
        project.ifPresent(p -> {
            if (!p.unknownKeys().isEmpty()) {
                warnings.add("Unknown keys in " + p.file() + " (ignored): " + String.join(", ", p.unknownKeys()));
            }
        });
        Optional<Path> workspace = ws.or(() -> projectFile.map(Path::toAbsolutePath).map(Path::getParent));
        List<PolicyException> overrides = loader.localOverrides(dirs.configHome(), workspace, warnings);
        MergeInput in = new MergeInput(org.config(), team, teamConfig, project, user, provider, overrides, clock.instant());
        try {
            EffectiveConfig e = merge.merge(in);
            warnings.addAll(e.warnings());
            LOG.debug("merged: posture {}, {} plugin(s), {} blocked, {} denied, {} ignored change(s)",
                    e.networkPolicy().map(dev.scc.core.model.NetworkPosture::id).orElse("(none)"), e.pluginRefs().size(),
                    e.blockedItems().size(), e.deniedAdditions().size(), e.ignoredPolicyChanges().size());
            return new Resolved(in, e, org, fetched, project, projectFile, warnings);
        } catch (MergeException e) {
            throw new GovernanceException(e.getMessage(), Kind.CONFIG);
        }
    }

    /** The same layers merged again for {@code provider} (adds its core destinations, checks it is allowed). */
    public Resolved withProvider(Resolved r, String provider) {
        MergeInput in = r.input().withProvider(provider(provider));
        EffectiveConfig e = merge.merge(in);
        return new Resolved(in, e, r.org(), r.orgFetch(), r.project(), r.projectFile(), r.warnings());
    }

    /** The installed provider with this id; an unknown id is a usage error listing the installed ones. */
    private AgentProvider provider(String id) {
        AgentProviderRegistry registry = providers.get();
        return registry.find(id).orElseThrow(() -> new GovernanceException("unknown provider '" + id
                + "'. Available providers: " + registry.describeIds(), Kind.INVALID));
    }

    private static Optional<String> pinnedTeam(UserConfig user, Path workspace) {
        Path abs = workspace.toAbsolutePath().normalize();
        Optional<String> direct = Optional.ofNullable(user.workspaceTeams().get(abs.toString()));
        if (direct.isPresent()) {
            return direct;
        }
        try {
            return Optional.ofNullable(user.workspaceTeams().get(abs.toRealPath().toString()));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Security-relevant launches refuse an org copy older than {@code defaults.max_stale_hours}: the org may have
     * blocked something since. Other commands only warn.
     */
    private static void checkFreshness(FetchResult fetched, String what, Optional<Duration> maxAge,
            GovernanceRequest req, List<String> warnings) {
        if (maxAge.isEmpty() || !fetched.isStale(maxAge.get())) {
            return;
        }
        String msg = what + " was last confirmed by " + fetched.source().displayName() + " " + fetched.age().toHours()
                + "h ago, more than defaults.max_stale_hours (" + maxAge.get().toHours() + "h)";
        if (req.forLaunch()) {
            throw new GovernanceException(msg + "; refusing to launch on stale policy. Run 'scc org update' when "
                    + "the source is reachable.", Kind.CONFIG);
        }
        warnings.add(msg);
    }

    private TeamConfig teamConfig(TeamProfile profile, PolicySource orgSource, GovernanceRequest req,
            Optional<Duration> maxAge, List<String> warnings) {
        if (req.teamConfigFile().isPresent()) {
            return loader.loadTeamConfig(req.teamConfigFile().get());
        }
        Path orgDir = orgSource instanceof PolicySource.LocalFile lf && lf.path().toAbsolutePath().getParent() != null
                ? lf.path().toAbsolutePath().getParent() : workingDir;
        PolicySource source = ConfigSources.resolve(profile.configSource().orElseThrow(), orgDir,
                "profiles." + profile.name() + ".config_source");
        FetchResult fr = fetcher.fetch(source, req.offline() ? FetchMode.OFFLINE : FetchMode.ONLINE, teamCheck);
        warnings.addAll(fr.warnings());
        checkFreshness(fr, "the team config of '" + profile.name() + "'", maxAge, req, warnings);
        return loader.teamFromValidatedTree(fr.source().displayName(), fr.document());
    }
}

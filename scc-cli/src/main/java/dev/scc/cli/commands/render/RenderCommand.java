package dev.scc.cli.commands.render;

import dev.scc.cli.output.OrgOption;
import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;
import dev.scc.cli.ExitCodes;
import dev.scc.app.launch.MarketplaceInstall;
import dev.scc.app.launch.SkillInstall;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.plan.PlanOptions;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.AgentProvider;
import dev.scc.core.spi.AgentProviderException;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderException;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderWriter;
import dev.scc.core.spi.WriteResult;
import dev.scc.policy.source.marketplace.MarketplaceMaterializer;
import dev.scc.policy.source.skill.SkillMaterializer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scc render}: merge the policy, build the provider's render plan, render it with the provider's adapter and
 * write the files under {@code --root} (which stands for the container's {@code /}), governed skills with their
 * materialised contents (see {@link SkillInstall}), git/github plugin marketplaces their fetched trees under
 * {@code opt/scc/marketplaces/} (see {@link MarketplaceInstall}). Prints the render report.
 */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = "Render the effective config into a provider's native files under a root directory.",
        footerHeading = "%nExamples:%n",
        footer = {"  scc render --root /tmp/render             saved org, team and provider",
                "  scc render --org org.yaml --team backend --provider codex --root /tmp/render --json"})
public final class RenderCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin
    OrgOption orgOption;

    @Option(names = "--team", paramLabel = "NAME", description = "Team profile. Default: the selected team, else the "
            + "org baseline.")
    String team;

    @Option(names = "--project", paramLabel = "FILE", description = "Project .scc.yaml.")
    Path project;

    @Option(names = "--provider", paramLabel = "ID", description = "An installed provider's id. Default: the "
            + "provider chosen with 'scc setup' or 'scc provider set'.")
    String provider;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "Target root (stands for the container's /).")
    Path root;

    @Mixin
    JsonOption jsonOption;

    @Option(names = "--workspace", defaultValue = "/workspace", paramLabel = "PATH",
            description = "Container path of the workspace (default: ${DEFAULT-VALUE}).")
    String workspace;

    @Option(names = "--agent-home", defaultValue = "/home/agent", paramLabel = "PATH",
            description = "Container HOME of the agent user (default: ${DEFAULT-VALUE}).")
    String agentHome;

    @Option(names = "--hook-command", defaultValue = "/usr/lib/scc/bin/scc-hook {provider}", paramLabel = "CMD",
            description = "Safety hook command; {provider} is replaced (default: ${DEFAULT-VALUE}).")
    String hookCommand;

    private final EffectiveConfigLoader loader;
    private final Supplier<AgentProviderRegistry> registry;
    /** The skill materialiser for a local org file's directory (relative local skill paths resolve against it). */
    private final Function<Optional<Path>, SkillMaterializer> skills;
    /** Fetches git/github plugin marketplaces into the cache (see {@link dev.scc.app.launch.MarketplaceInstall}). */
    private final Function<Optional<Path>, MarketplaceMaterializer> marketplaces;

    /**
     * The command as the composition root builds it: policy through {@link dev.scc.app.governance.Governance}, resolved
     * as every command resolves it (flags, then the saved setup, then defaults).
     */
    public RenderCommand(dev.scc.cli.CliServices services) {
        this((org, team, project, provider) -> {
            var r = services.governance().resolve(new dev.scc.app.governance.GovernanceRequest(org, team,
                    Optional.empty(), project, Optional.empty(), provider, false, false));
            return new EffectiveConfigLoader.Loaded(r.effective(), dev.scc.app.launch.GovernedLaunch.localOrgDir(r));
        }, services::providers,
                orgDir -> new SkillMaterializer(services.dirs().sccCacheDir(), orgDir, false,
                        SkillMaterializer.DEFAULT_LIMITS, services.env(), services.clock()),
                orgDir -> dev.scc.app.launch.GovernedLaunch.marketplaceMaterializer(orgDir,
                        services.dirs().sccCacheDir(), false, false, services.env(), services.clock()));
    }

    RenderCommand(EffectiveConfigLoader loader, Supplier<AgentProviderRegistry> registry,
            Function<Optional<Path>, SkillMaterializer> skills, Function<Optional<Path>, MarketplaceMaterializer> marketplaces) {
        this.marketplaces = marketplaces;
        this.loader = loader;
        this.registry = registry;
        this.skills = skills;
    }

    @Override
    public Integer call() {
        if (provider != null) {
            renderer(provider); // an unknown provider is a usage error before any policy is read
        }
        EffectiveConfigLoader.Loaded loaded = loader.load(orgOption.source(), Optional.ofNullable(team),
                Optional.ofNullable(project), Optional.ofNullable(provider));
        EffectiveConfig config = loaded.config();
        String id = Optional.ofNullable(provider).or(() -> config.provider().map(AgentProvider::id))
                .orElseThrow(() -> new SccException(Kind.INVALID, "no provider chosen: pass --provider ID with one of "
                        + registry.get().describeIds() + " (or 'scc provider set')", "", null));
        ProviderRenderer renderer = renderer(id);
        if (config.providerRefusal().isPresent()) {
            throw new SccException(Kind.REFUSED, "provider '" + id + "' is not allowed for team '" + config.team() + "': "
                    + config.providerRefusal().get(), "");
        }
        PlanOptions options;
        RenderContext context;
        try {
            options = new PlanOptions(workspace, hookCommand, PlanOptions.DEFAULTS.hookTimeoutSeconds());
            context = new RenderContext(agentHome);
        } catch (IllegalArgumentException e) {
            throw new SccException(Kind.INVALID, e.getMessage(), "", e);
        }
        MarketplaceInstall.Prepared local = MarketplaceInstall.apply(RenderPlans.from(config, renderer.id(), options),
                marketplaces.apply(loaded.orgDir()), config.security().blockedPlugins());
        RenderPlan plan = local.plan();
        RenderResult result = local.addTo(SkillInstall.apply(plan, renderer.render(plan, context), skills.apply(loaded.orgDir())));
        WriteResult written;
        try {
            written = new RenderWriter(root).refusingUnownedFiles().apply(renderer.id(), result.files());
        } catch (RenderException e) {
            throw new SccException(Kind.FAILED, e.getMessage(), "", e);
        }
        ReportPrinter printer = new ReportPrinter(spec.commandLine().getOut());
        if (jsonOption.enabled()) {
            printer.json(root, result.report(), written);
        } else {
            printer.text(root, result.report(), written);
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** The provider's renderer; an unknown id is a usage error with the registry's message (the ids installed). */
    private ProviderRenderer renderer(String id) {
        try {
            return registry.get().get(id).renderer();
        } catch (AgentProviderException e) {
            throw new SccException(Kind.INVALID, e.getMessage(), "", e);
        }
    }
}

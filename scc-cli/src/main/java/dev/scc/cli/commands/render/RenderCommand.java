package dev.scc.cli.commands.render;

import dev.scc.cli.ExitCodes;
import dev.scc.cli.launch.MarketplaceInstall;
import dev.scc.cli.launch.SkillInstall;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.plan.PlanOptions;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.plan.RenderPlans;
import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderException;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderWriter;
import dev.scc.core.spi.RendererRegistry;
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
        description = "Render the effective config into a provider's native files under a root directory.")
public final class RenderCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--org", required = true, paramLabel = "FILE", description = "Org config file.")
    Path org;

    @Option(names = "--team", required = true, paramLabel = "NAME", description = "Team profile.")
    String team;

    @Option(names = "--project", paramLabel = "FILE", description = "Project .scc.yaml.")
    Path project;

    @Option(names = "--provider", required = true, paramLabel = "ID", description = "Renderer id, e.g. claude or codex.")
    String provider;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "Target root (stands for the container's /).")
    Path root;

    @Option(names = "--json", description = "Print the report as a scc.cli/v1 JSON envelope.")
    boolean json;

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
    private final Supplier<RendererRegistry> registry;
    /** The skill materialiser for an org file (relative local skill paths resolve against its directory). */
    private final Function<Path, SkillMaterializer> skills;
    /** Fetches git/github plugin marketplaces into the cache (see {@link dev.scc.cli.launch.MarketplaceInstall}). */
    private final MarketplaceMaterializer marketplaces;

    /** The command as the composition root builds it: policy through {@link dev.scc.cli.governance.Governance}. */
    public RenderCommand(dev.scc.cli.CliServices services) {
        this((org, team, project, provider) -> services.governance().resolve(new dev.scc.cli.governance.GovernanceRequest(
                java.util.Optional.of(org.toString()), java.util.Optional.of(team), java.util.Optional.empty(), project,
                java.util.Optional.empty(),
                dev.scc.core.merge.Provider.parse(provider).map(dev.scc.core.merge.Provider::id), false, false))
                .effective(), RendererRegistry::load,
                org -> new SkillMaterializer(services.dirs().sccCacheDir(),
                        Optional.ofNullable(services.workingDir().resolve(org).toAbsolutePath().getParent()), false,
                        SkillMaterializer.DEFAULT_LIMITS, services.env(), services.clock()),
                dev.scc.cli.launch.GovernedLaunch.marketplaceMaterializer(services.dirs().sccCacheDir(), false,
                        services.env(), services.clock()));
    }

    RenderCommand(EffectiveConfigLoader loader, Supplier<RendererRegistry> registry,
            Function<Path, SkillMaterializer> skills, MarketplaceMaterializer marketplaces) {
        this.marketplaces = marketplaces;
        this.loader = loader;
        this.registry = registry;
        this.skills = skills;
    }

    @Override
    public Integer call() {
        ProviderRenderer renderer;
        try {
            renderer = registry.get().get(provider);
        } catch (RenderException e) {
            throw new RenderCommandException(e.getMessage(), ExitCodes.USAGE, e);
        }
        EffectiveConfig config = loader.load(org, team, Optional.ofNullable(project), provider);
        if (config.providerRefusal().isPresent()) {
            throw new RenderCommandException("provider '" + provider + "' is not allowed for team '" + team + "': "
                    + config.providerRefusal().get(), ExitCodes.GOVERNANCE);
        }
        PlanOptions options;
        RenderContext context;
        try {
            options = new PlanOptions(workspace, hookCommand, PlanOptions.DEFAULTS.hookTimeoutSeconds());
            context = new RenderContext(agentHome);
        } catch (IllegalArgumentException e) {
            throw new RenderCommandException(e.getMessage(), ExitCodes.USAGE, e);
        }
        MarketplaceInstall.Prepared local = MarketplaceInstall.apply(RenderPlans.from(config, renderer.id(), options),
                marketplaces, config.security().blockedPlugins());
        RenderPlan plan = local.plan();
        RenderResult result = local.addTo(SkillInstall.apply(plan, renderer.render(plan, context), skills.apply(org)));
        WriteResult written;
        try {
            written = new RenderWriter(root).refusingUnownedFiles().apply(renderer.id(), result.files());
        } catch (RenderException e) {
            throw new RenderCommandException(e.getMessage(), ExitCodes.TOOL, e);
        }
        ReportPrinter printer = new ReportPrinter(spec.commandLine().getOut());
        if (json) {
            printer.json(root, result.report(), written);
        } else {
            printer.text(root, result.report(), written);
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

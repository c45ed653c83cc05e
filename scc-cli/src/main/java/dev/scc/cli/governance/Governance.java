package dev.scc.cli.governance;

import dev.scc.cli.ExitCodes;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.MergeException;
import dev.scc.core.merge.MergeInput;
import dev.scc.core.merge.Provider;
import dev.scc.core.merge.TrustMerge;
import dev.scc.core.model.PolicyException;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.model.TeamConfig;
import dev.scc.core.model.TeamProfile;
import dev.scc.core.model.UserConfig;
import dev.scc.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link GovernanceRequest} into the one {@link EffectiveConfig}: finds the org config, the team, the
 * federated team config, the project and user layers and the local overrides, then merges. Every command that
 * needs governance (explain, validate, unblock, render, start) goes through here, so they cannot disagree.
 */
public final class Governance {
    private final PolicyLoader loader;
    private final TrustMerge merge;
    private final XdgDirs dirs;
    private final Clock clock;

    public Governance(PolicyLoader loader, TrustMerge merge, XdgDirs dirs, Clock clock) {
        this.loader = loader;
        this.merge = merge;
        this.dirs = dirs;
        this.clock = clock;
    }

    /** The merged result plus what it was made from. */
    public record Resolved(
            EffectiveConfig effective,
            PolicyLoader.OrgDocument org,
            Optional<ProjectConfig> project,
            Optional<Path> projectFile,
            List<String> warnings) {}

    /** Loads every layer and merges them. */
    public Resolved resolve(GovernanceRequest req) {
        UserConfig user = loader.loadUser(dirs.userConfigFile());
        Path orgFile = req.orgFile().or(() -> cachedOrg(user)).orElseThrow(() -> new GovernanceException(
                "no organization config: pass --org FILE, or run 'scc setup' to connect one", ExitCodes.CONFIG));
        PolicyLoader.OrgDocument org = loader.loadOrg(orgFile);
        String team = req.team().or(user::selectedTeam).orElseThrow(() -> new GovernanceException(
                "no team selected: pass --team NAME (available: " + String.join(", ", org.config().profiles().keySet())
                        + ")", ExitCodes.CONFIG));
        Optional<Provider> provider = Optional.empty();
        if (req.provider().isPresent()) {
            String id = req.provider().get();
            provider = Optional.of(Provider.parse(id).orElseThrow(() -> new GovernanceException(
                    "unknown provider '" + id + "'. Available providers: claude, codex", ExitCodes.USAGE)));
        }
        TeamProfile profile = org.config().profile(team).orElseThrow(() -> new GovernanceException(
                "Team '" + team + "' not found in organization config. Available teams: "
                        + String.join(", ", org.config().profiles().keySet()), ExitCodes.CONFIG));
        Optional<TeamConfig> teamConfig = Optional.empty();
        if (profile.federated()) {
            teamConfig = req.teamConfigFile().map(loader::loadTeamConfig)
                    .or(() -> loader.loadLocalTeamConfig(profile, orgFile));
            if (teamConfig.isEmpty()) {
                throw new GovernanceException("team '" + team + "' is federated ("
                        + profile.configSource().get().describe() + "): pass --team-config FILE, or run "
                        + "'scc org update' to fetch it", ExitCodes.CONFIG);
            }
        }
        Optional<Path> projectFile = req.projectFile().or(() -> req.workspace().map(w -> w.resolve(".scc.yaml")));
        Optional<ProjectConfig> project = projectFile.flatMap(loader::loadProject);
        List<String> warnings = new ArrayList<>();
        project.ifPresent(p -> {
            if (!p.unknownKeys().isEmpty()) {
                warnings.add("Unknown keys in " + p.file() + " (ignored): " + String.join(", ", p.unknownKeys()));
            }
        });
        Optional<Path> workspace = req.workspace().or(() -> projectFile.map(Path::toAbsolutePath).map(Path::getParent));
        List<PolicyException> overrides = loader.localOverrides(dirs.configHome(), workspace, warnings);
        MergeInput in = new MergeInput(org.config(), team, teamConfig, project, user, provider, overrides, clock.instant());
        try {
            EffectiveConfig e = merge.merge(in);
            warnings.addAll(e.warnings());
            return new Resolved(e, org, project, projectFile, warnings);
        } catch (MergeException e) {
            throw new GovernanceException(e.getMessage(), ExitCodes.CONFIG);
        }
    }

    private Optional<Path> cachedOrg(UserConfig user) {
        Optional<Path> local = user.organizationSource().map(Path::of).filter(Files::isRegularFile);
        if (local.isPresent()) {
            return local;
        }
        Path cached = dirs.sccCache().resolve("org-config.json");
        return Files.isRegularFile(cached) ? Optional.of(cached) : Optional.empty();
    }
}

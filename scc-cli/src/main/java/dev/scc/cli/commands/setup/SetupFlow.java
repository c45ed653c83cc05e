package dev.scc.cli.commands.setup;

import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.app.governance.GovernanceException;
import dev.scc.cli.ux.Prompter;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.TeamProfile;
import dev.scc.core.model.UserConfig;
import dev.scc.policy.PolicyDocumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions of {@code scc setup}: which org (or standalone), which team, which provider preference. Each
 * comes from its flag, else (with a prompter) from a question whose default is the current setting, else from
 * a safe default; when none applies without asking, an {@link SccException} of kind {@code INVALID} names the
 * missing flag.
 * Nothing is written here: the caller writes the returned {@link Choices} in one atomic step.
 */
final class SetupFlow {
    private static final Logger LOG = LoggerFactory.getLogger(SetupFlow.class);
    /** What the user asked for on the command line. */
    record Flags(Optional<String> org, Optional<String> team, Optional<String> provider, boolean standalone) {}

    /** The settled answers, plus notes for the user (not errors). */
    record Choices(Optional<OrgSource> org, Optional<String> orgName, Optional<String> team, String provider,
            List<String> allowedProviders, List<String> notes) {
        boolean standalone() {
            return org.isEmpty();
        }
    }

    private final CliServices services;
    private final OrgLookup lookup;
    private final Optional<Prompter> prompter;
    private final Path cwd;
    private final List<String> notes = new ArrayList<>();

    SetupFlow(CliServices services, Optional<Prompter> prompter, Path cwd) {
        this.services = services;
        this.lookup = new OrgLookup(services);
        this.prompter = prompter;
        this.cwd = cwd;
    }

    Choices decide(Flags flags, UserConfig current) {
        if (flags.standalone() && (flags.org().isPresent() || flags.team().isPresent())) {
            throw SetupFlow.usage("--standalone cannot be combined with --org or --team");
        }
        boolean standalone = flags.standalone() || (flags.org().isEmpty() && chooseStandalone(current));
        if (standalone) {
            String provider = provider(flags.provider(), OrgLookup.allPreferences(services.providers()), current,
                    "standalone mode");
            return new Choices(Optional.empty(), Optional.empty(), Optional.empty(), provider,
                    services.providers().ids(), List.copyOf(notes));
        }
        OrgSource source = orgSource(flags.org(), current);
        LOG.debug("loading org config {}", source.location());
        // Files are read and validated now; URLs and shorthands are fetched, validated and cached now, so a bad
        // source fails here, at setup, not at the first launch.
        OrgConfig org = lookup.load(source.location());
        Optional<String> team = team(flags.team(), org, current);
        String whose = team.map(t -> "team '" + t + "'").orElse("the org baseline");
        List<String> allowed = lookup.allowedProviders(source.location(), org, team);
        LOG.debug("{} may use {}", whose, allowed);
        if (allowed.isEmpty()) {
            throw new GovernanceException(whose + " may not use any provider (allowed_providers is empty); ask the "
                    + "org admins", Kind.REFUSED);
        }
        String provider = provider(flags.provider(), OrgLookup.preferences(allowed), current, whose);
        return new Choices(Optional.of(source), Optional.of(org.organization().name()), team, provider, allowed,
                List.copyOf(notes));
    }

    private boolean chooseStandalone(UserConfig current) {
        if (prompter.isEmpty()) {
            if (current.organizationSource().isPresent() && !current.standalone()) {
                return false;
            }
            if (current.standalone()) {
                return true;
            }
            throw SetupFlow.usage("--org SOURCE (a file path or URL) or --standalone is required");
        }
        String dflt = current.standalone() ? "standalone" : "organization";
        String mode = prompter.get().choose("How will you use SCC?", List.of("organization", "standalone"),
                List.of("connect your organization's config (a file path or URL)", "no org config; nothing is governed"),
                Optional.of(dflt));
        return mode.equals("standalone");
    }

    private OrgSource orgSource(Optional<String> flag, UserConfig current) {
        if (flag.isPresent()) {
            OrgSource s = OrgSource.parse(flag.get(), cwd, services.home(), services.loopbackHttpForTests());
            checkLocal(s).ifPresent(problem -> {
                throw SetupFlow.notFound(problem);
            });
            return s;
        }
        if (prompter.isEmpty()) {
            return OrgSource.parse(current.organizationSource().orElseThrow(), cwd, services.home(), services.loopbackHttpForTests());
        }
        String answer = prompter.get().text("Organization config (file path or URL)", current.organizationSource(),
                s -> {
                    try {
                        return checkLocal(OrgSource.parse(s, cwd, services.home(), services.loopbackHttpForTests()));
                    } catch (SccException e) {
                        return Optional.of(e.getMessage());
                    }
                });
        return OrgSource.parse(answer, cwd, services.home(), services.loopbackHttpForTests());
    }

    /** Why a local source is unusable (missing, or not a valid org config), or empty when it is fine. */
    private Optional<String> checkLocal(OrgSource s) {
        if (!(s instanceof OrgSource.LocalFile f)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(f.file())) {
            return Optional.of("org config file not found: " + f.file());
        }
        if (prompter.isEmpty()) {
            return Optional.empty(); // the load below reports every problem and exits 3
        }
        try {
            services.policyLoader().loadOrg(f.file());
            return Optional.empty();
        } catch (PolicyDocumentException e) {
            return Optional.of(f.file() + " is not a valid org config: " + e.problems().get(0).describe());
        }
    }

    /**
     * The team: the flag, else a question, else the saved or only one. An org with no team profiles has no team to
     * choose: its sessions get the org baseline (its defaults and security), as {@code config explain} shows it.
     */
    private Optional<String> team(Optional<String> flag, OrgConfig org, UserConfig current) {
        List<String> teams = lookup.teams(org);
        if (teams.isEmpty()) {
            if (flag.isPresent()) {
                throw SetupFlow.notFound("team '" + flag.get() + "' not found: the org config defines no teams "
                        + "(profiles); leave out --team for the org baseline");
            }
            notes.add("the org defines no team profiles: sessions get the org baseline (its defaults and security)");
            return Optional.empty();
        }
        if (flag.isPresent()) {
            if (!teams.contains(flag.get())) {
                throw SetupFlow.notFound("team '" + flag.get() + "' not found in the org config. Available teams: "
                        + String.join(", ", teams));
            }
            return flag;
        }
        Optional<String> dflt = current.selectedTeam().filter(teams::contains)
                .or(() -> teams.size() == 1 ? Optional.of(teams.get(0)) : Optional.empty());
        if (prompter.isPresent()) {
            List<String> labels = teams.stream().map(t -> org.profile(t).map(TeamProfile::description).orElse("")).toList();
            return Optional.of(prompter.get().choose("Which team are you on?", teams, labels, dflt));
        }
        return Optional.of(dflt.orElseThrow(() -> SetupFlow.usage("--team NAME is required. Available teams: "
                + String.join(", ", teams))));
    }

    private String provider(Optional<String> flag, List<String> choices, UserConfig current, String whose) {
        if (flag.isPresent()) {
            String p = flag.get();
            List<String> known = OrgLookup.allPreferences(services.providers());
            if (!known.contains(p)) {
                throw SetupFlow.usage("unknown provider '" + p + "' for --provider. Choose one of: "
                        + String.join(", ", known));
            }
            if (!choices.contains(p)) {
                throw new GovernanceException("provider '" + p + "' is not allowed for " + whose + ". Allowed: "
                        + String.join(", ", choices), Kind.REFUSED);
            }
            return p;
        }
        String dflt = current.selectedProvider().filter(choices::contains)
                .orElse(choices.size() == 1 ? choices.get(0) : choices.contains("ask") ? "ask" : choices.get(0));
        if (prompter.isPresent() && choices.size() > 1) {
            List<String> labels = choices.stream().map(c -> c.equals("ask") ? "choose at each start" : "").toList();
            return prompter.get().choose("Which coding agent do you want by default?", choices, labels, Optional.of(dflt));
        }
        return dflt;
    }

    /** A required choice is missing or wrong and {@code scc} may not prompt for it (no terminal, or {@code --yes}). */
    static SccException usage(String message) {
        return new SccException(SccException.Kind.INVALID, message, "");
    }

    /** A named org file or team does not exist; the message lists what is available. */
    static SccException notFound(String message) {
        return new SccException(SccException.Kind.NOT_FOUND, message, "");
    }
}

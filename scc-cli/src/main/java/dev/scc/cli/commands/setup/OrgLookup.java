package dev.scc.cli.commands.setup;

import dev.scc.cli.CliServices;
import dev.scc.app.governance.GovernanceException;
import dev.scc.app.governance.GovernanceRequest;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.spi.AgentProviderRegistry;
import dev.scc.core.model.UserConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the org config a command works on (the {@code --org} flag, else the one {@code scc setup} connected,
 * read or fetched through governance's validated cache) and asks governance which providers a
 * team may use.
 */
public final class OrgLookup {
    /** The preference that means "choose at each start". */
    public static final String ASK = "ask";

    /** Every provider preference the user config accepts: the installed providers' ids, then {@value #ASK}. */
    public static List<String> allPreferences(AgentProviderRegistry providers) {
        List<String> out = new ArrayList<>(providers.ids());
        out.add(ASK);
        return List.copyOf(out);
    }

    private final CliServices services;

    public OrgLookup(CliServices services) {
        this.services = services;
    }

    /** The org source to read: {@code --org}, else the one {@code scc setup} connected (none when standalone). */
    public Optional<String> orgSource(Optional<String> flag, UserConfig user) {
        if (flag.isPresent()) {
            return flag;
        }
        if (user.standalone()) {
            return Optional.empty();
        }
        return user.organizationSource();
    }

    /** Reads a file, or fetches a URL or shorthand through the validated cache (falling back to it offline). */
    public OrgConfig load(String source) {
        return services.governance().loadOrg(services.governance().fetchOrg(source, false)).config();
    }

    /** The org's teams, in document order. */
    public List<String> teams(OrgConfig org) {
        return List.copyOf(org.profiles().keySet());
    }

    /**
     * The providers {@code team} may use, from the one merge. A federated team whose own config is not at hand
     * falls back to the org's word for the team (the team config can only narrow it further).
     */
    public List<String> allowedProviders(String orgSource, OrgConfig org, String team) {
        return allowedProviders(orgSource, org, Optional.of(team));
    }

    /** As above; no team is the org baseline (an org without team profiles). */
    public List<String> allowedProviders(String orgSource, OrgConfig org, Optional<String> team) {
        try {
            return services.governance().resolve(new GovernanceRequest(Optional.of(orgSource), team,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, false))
                    .effective().allowedProviders();
        } catch (GovernanceException e) {
            List<String> all = services.providers().ids();
            return team.flatMap(org::profile).flatMap(p -> p.allowedProviders())
                    .or(() -> org.defaults().allowedProviders()).orElse(all);
        }
    }

    /** The preferences a user may choose from given the allowed providers: those, plus "ask" when there are several. */
    public static List<String> preferences(List<String> allowed) {
        List<String> out = new ArrayList<>(allowed);
        if (allowed.size() > 1) {
            out.add(ASK);
        }
        return List.copyOf(out);
    }
}

package dev.scc.cli.commands.team;

import dev.scc.core.SccException.Kind;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.cli.commands.setup.OrgLookup;
import dev.scc.app.governance.GovernanceException;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.UserConfig;
import java.nio.file.Path;
import java.util.Optional;

/** The org config a team command reads: {@code --org}, else the connected one; none is a config error (exit 3). */
final class TeamOrg {
    private TeamOrg() {}

    static OrgConfig load(CliServices services, Optional<Path> flag, UserConfig user) {
        OrgLookup lookup = new OrgLookup(services);
        String source = lookup.orgSource(flag.map(Path::toString), user).orElseThrow(() -> new GovernanceException(
                user.standalone()
                        ? "standalone mode has no teams: run 'scc setup --org SOURCE' to connect an org config, or pass --org FILE"
                        : "no organization config: pass --org FILE, or run 'scc setup' to connect one", Kind.CONFIG));
        return lookup.load(source);
    }
}

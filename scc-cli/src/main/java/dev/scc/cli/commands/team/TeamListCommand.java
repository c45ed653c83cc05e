package dev.scc.cli.commands.team;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.cli.commands.setup.UserConfigStore;
import dev.scc.cli.ux.GlobalOptions;
import dev.scc.cli.output.JsonOutput;
import dev.scc.cli.ux.Terminal;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.TeamProfile;
import dev.scc.core.model.UserConfig;
import dev.scc.core.text.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scc team list}: every team in the org config, the selected one marked. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the teams in the organization config.",
        footerHeading = "%nExamples:%n", footer = {"  scc team list", "  scc team list --org org.yaml --json"},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "3:no org config, or it is invalid"})
public final class TeamListCommand implements Callable<Integer> {
    private final CliServices services;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    // A file, not OrgOption's SOURCE: the team commands read a local org file (a served command resolves it
    // against the client's directory, as a Path option).
    @Option(names = "--org", paramLabel = "FILE", description = "Org config file. Default: the one connected by 'scc setup'.")
    Path org;

    @Mixin
    JsonOption jsonOption;

    public TeamListCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        UserConfig user = new UserConfigStore(services.dirs().userConfigFile(), services.policyLoader()).read();
        OrgConfig config = TeamOrg.load(services, Optional.ofNullable(org), user);
        Optional<String> selected = user.selectedTeam().filter(config.profiles()::containsKey);
        PrintWriter out = spec.commandLine().getOut();
        if (jsonOption.enabled()) {
            List<Map<String, Object>> teams = new ArrayList<>();
            for (TeamProfile p : config.profiles().values()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("name", p.name());
                t.put("description", p.description());
                t.put("federated", p.federated());
                t.put("selected", selected.filter(p.name()::equals).isPresent());
                teams.add(t);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("organization", config.organization().name());
            data.put("selected_team", selected.orElse(null));
            data.put("teams", teams);
            JsonOutput.print(out, "TeamList", data, List.of(), List.of(), services.clock());
            return ExitCodes.OK;
        }
        Terminal t = GlobalOptions.terminal(spec, services);
        // Names and descriptions come from the org document: escaped, so they can never drive the terminal.
        out.println(t.bold("Teams of " + Printable.escape(config.organization().name())));
        for (TeamProfile p : config.profiles().values()) {
            boolean mine = selected.filter(p.name()::equals).isPresent();
            out.println((mine ? "* " : "  ") + Printable.escape(p.name()
                    + (p.description().isBlank() ? "" : "  " + p.description())) + (p.federated() ? "  (federated)" : ""));
        }
        if (selected.isEmpty()) {
            out.println("No team selected: scc team switch NAME");
        }
        return ExitCodes.OK;
    }
}

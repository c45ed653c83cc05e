package dev.scc.cli.commands.team;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.cli.commands.setup.UserConfigStore;
import dev.scc.cli.output.JsonOutput;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.UserConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scc team switch NAME}: checks the team exists in the org config, then selects it
 * ({@code selected_profile}) or, with {@code --workspace}, pins it for that directory ({@code workspace_team_map}).
 */
@Command(name = "switch", mixinStandardHelpOptions = true, description = "Select your team, or pin a team for one workspace.",
        footerHeading = "%nExamples:%n",
        footer = {"  scc team switch backend", "  scc team switch frontend --workspace . --json"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:switched", "1:no such team, or the workspace directory does not exist", "3:no org config, or it is invalid"})
public final class TeamSwitchCommand implements Callable<Integer> {
    private final CliServices services;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "A team in the org config ('scc team list').")
    String team;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Pin the team for this workspace only.")
    Path workspace;

    // A file, not OrgOption's SOURCE (see TeamListCommand).
    @Option(names = "--org", paramLabel = "FILE", description = "Org config file to check against. Default: the connected one.")
    Path org;

    @Mixin
    JsonOption jsonOption;

    public TeamSwitchCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        UserConfigStore store = new UserConfigStore(services.dirs().userConfigFile(), services.policyLoader());
        UserConfig user = store.read();
        OrgConfig config = TeamOrg.load(services, Optional.ofNullable(org), user);
        if (!config.profiles().containsKey(team)) {
            String msg = "team '" + team + "' not found in " + config.organization().name() + "'s config. Available teams: "
                    + String.join(", ", config.profiles().keySet());
            return fail(out, err, msg, ExitCodes.NOT_FOUND);
        }
        Optional<String> pinned = Optional.empty();
        if (workspace != null) {
            try {
                pinned = Optional.of(workspace.toRealPath().toString());
            } catch (IOException e) {
                return fail(out, err, "workspace directory not found: " + workspace.toAbsolutePath(), ExitCodes.NOT_FOUND);
            }
            if (!Files.isDirectory(Path.of(pinned.get()))) {
                return fail(out, err, "not a directory: " + pinned.get(), ExitCodes.NOT_FOUND);
            }
        }
        Optional<String> ws = pinned;
        store.update(e -> {
            if (ws.isPresent()) {
                e.pinWorkspace(ws.get(), team);
            } else {
                e.selectedTeam(team);
            }
        });
        if (jsonOption.enabled()) {
            JsonOutput.print(out, "TeamSwitch", data(ws, store), List.of(), List.of(), services.clock());
        } else {
            out.println(ws.map(w -> "Pinned team " + team + " for workspace " + w).orElse("Switched to team " + team)
                    + " (" + store.file() + ")");
        }
        return ExitCodes.OK;
    }

    private int fail(PrintWriter out, PrintWriter err, String msg, int code) {
        if (jsonOption.enabled()) {
            JsonOutput.print(out, "TeamSwitch", data(Optional.empty(), null),
                    List.of(dev.scc.cli.output.JsonOutput.Problem.of(code, msg, "")), List.of(), services.clock());
        }
        err.println("scc: " + msg);
        return code;
    }

    private Map<String, Object> data(Optional<String> ws, UserConfigStore store) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("team", team);
        d.put("scope", ws.isPresent() ? "workspace" : "global");
        d.put("workspace", ws.orElse(null));
        d.put("config_file", store == null ? null : store.file().toString());
        return d;
    }
}

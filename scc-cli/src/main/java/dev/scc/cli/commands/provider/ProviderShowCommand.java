package dev.scc.cli.commands.provider;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.cli.commands.setup.UserConfigStore;
import dev.scc.cli.output.JsonOutput;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scc provider show}: the preference, what it means now, and what the team may use. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show the provider preference and the allowed providers.",
        footerHeading = "%nExamples:%n", footer = {"  scc provider show", "  scc provider show --json"})
public final class ProviderShowCommand implements Callable<Integer> {
    private final CliServices services;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption jsonOption;

    public ProviderShowCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        ProviderState s = ProviderState.load(services, new UserConfigStore(services.dirs().userConfigFile(), services.policyLoader()));
        PrintWriter out = spec.commandLine().getOut();
        if (jsonOption.enabled()) {
            JsonOutput.print(out, "ProviderPreference", s.data(), List.of(), List.of(), services.clock());
            return ExitCodes.OK;
        }
        out.println("Provider preference: " + s.preference().orElse("not set") + "  (scc start uses: " + s.effective() + ")");
        out.println("Allowed" + s.team().map(t -> " for team " + t).orElse("") + ": " + String.join(", ", s.allowed()));
        return ExitCodes.OK;
    }
}

package dev.scc.cli.commands.provider;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.cli.commands.setup.OrgLookup;
import dev.scc.cli.commands.setup.UserConfigStore;
import dev.scc.cli.output.JsonOutput;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scc provider set P}: stores the preference, refusing one the org does not allow the team. */
@Command(name = "set", mixinStandardHelpOptions = true, description = "Set the default coding agent: an installed provider, or ask.",
        footerHeading = "%nExamples:%n", footer = {"  scc provider set claude", "  scc provider set ask --json"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:set", "2:not an installed provider or ask", "3:the user or org config cannot be read",
                "6:the org does not allow this provider for your team"})
public final class ProviderSetCommand implements Callable<Integer> {
    private final CliServices services;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PROVIDER", description = "An installed provider, or ask: ${COMPLETION-CANDIDATES}", completionCandidates = Candidates.class)
    String provider;

    @Mixin
    JsonOption jsonOption;

    public ProviderSetCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> known = OrgLookup.allPreferences(services.providers());
        if (!known.contains(provider)) {
            err.println("scc: unknown provider '" + provider + "'. Choose one of: " + String.join(", ", known));
            return ExitCodes.USAGE;
        }
        UserConfigStore store = new UserConfigStore(services.dirs().userConfigFile(), services.policyLoader());
        ProviderState before = ProviderState.load(services, store);
        if (!before.choices().contains(provider)) {
            String msg = "provider '" + provider + "' is not allowed" + before.team().map(t -> " for team " + t).orElse("")
                    + ". Allowed: " + String.join(", ", before.choices());
            if (jsonOption.enabled()) {
                JsonOutput.print(out, "ProviderPreference", before.data(),
                        List.of(dev.scc.cli.output.JsonOutput.Problem.of(ExitCodes.GOVERNANCE, msg, "")), List.of(), services.clock());
            }
            err.println("scc: " + msg);
            return ExitCodes.GOVERNANCE;
        }
        store.update(e -> e.selectedProvider(provider));
        ProviderState after = ProviderState.load(services, store);
        if (jsonOption.enabled()) {
            JsonOutput.print(out, "ProviderPreference", after.data(), List.of(), List.of(), services.clock());
        } else {
            out.println("Provider preference set to " + provider + " (" + store.file() + ")");
        }
        return ExitCodes.OK;
    }

    /** Completion candidates for PROVIDER. */
    static final class Candidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            // Asked only when completion is generated, so building the command tree loads no provider.
            return OrgLookup.allPreferences(dev.scc.core.spi.AgentProviderRegistry.load()).iterator();
        }
    }
}

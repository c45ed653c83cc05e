package dev.scc.cli.commands.setup;

import dev.scc.cli.output.OrgOption;
import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.cli.ux.GlobalOptions;
import dev.scc.cli.output.JsonOutput;
import dev.scc.cli.ux.PromptCancelledException;
import dev.scc.cli.ux.Prompter;
import dev.scc.cli.ux.Terminal;
import java.io.BufferedReader;
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

/**
 * {@code scc setup}: connect an org config (or choose standalone mode), pick the team and the provider
 * preference, check readiness, and write the user config. Prompts only on a terminal and never with
 * {@code --yes}; otherwise every missing choice is a usage error naming its flag.
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Connect your organization's config, choose your team and coding agent, and check this machine.",
                "On a terminal it asks (defaults in brackets); in scripts pass flags. Writes $XDG_CONFIG_HOME/scc/config.json."},
        footerHeading = "%nExamples:%n",
        footer = {"  scc setup                                   # interactive",
                "  scc setup --org ./org.yaml --team backend --provider claude --yes",
                "  scc setup --org https://example.com/org.json --team backend --yes",
                "  scc setup --standalone --provider codex --yes --json"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:saved", "1:the org file or the team does not exist",
                "2:a required flag is missing and scc may not prompt (no terminal, or --yes)",
                "3:the org config or the user config is invalid", "6:the org does not allow that provider for the team",
                "130:cancelled at a prompt; nothing was written"})
public final class SetupCommand implements Callable<Integer> {
    private final CliServices services;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    OrgOption orgOption;

    @Option(names = "--team", paramLabel = "NAME", description = "Your team (a profile in the org config).")
    String team;

    @Option(names = "--provider", paramLabel = "P", description = "Default coding agent: an installed provider or ask (only those the org allows your team).")
    String provider;

    @Option(names = "--standalone", description = "No org config: nothing is governed.")
    boolean standalone;

    @Option(names = {"-y", "--yes"}, description = "Do not prompt: take flags, current settings and defaults.")
    boolean yes;

    @Mixin
    JsonOption jsonOption;

    public SetupCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Terminal terminal = GlobalOptions.terminal(spec, services);
        Optional<Prompter> prompter = terminal.interactive() && !yes
                ? Optional.of(new Prompter(new BufferedReader(System.console().reader()), err, terminal))
                : Optional.empty();
        UserConfigStore store = new UserConfigStore(services.dirs().userConfigFile(), services.policyLoader());
        SetupFlow.Choices c = new SetupFlow(services, prompter, services.workingDir())
                .decide(new SetupFlow.Flags(orgOption.source(), Optional.ofNullable(team), Optional.ofNullable(provider),
                        standalone), store.read());
        List<Readiness.Check> checks = new Readiness(services.env()).run();
        if (prompter.isPresent()) {
            summary(err, terminal, c, store.file());
            if (!prompter.get().confirm("Save these settings?", true)) {
                throw new PromptCancelledException();
            }
        }
        store.update(edit -> {
            if (c.standalone()) {
                edit.standalone();
            } else {
                edit.organizationSource(c.org().get().location()).selectedTeam(c.team());
            }
            edit.selectedProvider(c.provider());
        });
        if (jsonOption.enabled()) {
            JsonOutput.print(out, "Setup", data(c, checks, store.file()), List.of(), warnings(c, checks), services.clock());
        } else {
            human(out, terminal, c, checks, store.file());
        }
        return ExitCodes.OK;
    }

    private static void summary(PrintWriter err, Terminal t, SetupFlow.Choices c, Path file) {
        err.println();
        err.println(t.bold("Summary") + " (" + file + ")");
        err.println("  organization: " + c.org().map(OrgSource::location).orElse("none (standalone)"));
        c.team().ifPresent(team -> err.println("  team:         " + team));
        err.println("  provider:     " + c.provider());
    }

    private static void human(PrintWriter out, Terminal t, SetupFlow.Choices c, List<Readiness.Check> checks, Path file) {
        out.println(t.good("Saved") + " " + file);
        if (c.standalone()) {
            out.println("  Mode:         standalone (no org config; nothing is governed)");
        } else {
            out.println("  Organization: " + c.orgName().map(n -> n + " (" + c.org().get().location() + ")")
                    .orElse(c.org().get().location()));
            out.println("  Team:         " + c.team().orElse("(none: the org baseline)"));
        }
        out.println("  Provider:     " + c.provider() + (c.allowedProviders().isEmpty() ? ""
                : "  (allowed: " + String.join(", ", c.allowedProviders()) + ")"));
        c.notes().forEach(n -> out.println("  Note: " + n));
        out.println(t.bold("Readiness"));
        for (Readiness.Check check : checks) {
            out.println("  " + (check.ok() ? t.good("ok  ") : t.warn("WARN")) + " " + check.name() + ": " + check.detail());
        }
        out.println("Next: " + (c.standalone() ? "scc start" : "scc config explain") + "   (see 'scc --help')");
    }

    private static Map<String, Object> data(SetupFlow.Choices c, List<Readiness.Check> checks, Path file) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("config_file", file.toString());
        d.put("standalone", c.standalone());
        d.put("organization_source", c.org().map(OrgSource::location).orElse(null));
        d.put("organization_source_kind", c.org().map(o -> o instanceof OrgSource.Remote ? "remote" : "file").orElse(null));
        d.put("organization", c.orgName().orElse(null));
        d.put("team", c.team().orElse(null));
        d.put("provider", c.provider());
        d.put("allowed_providers", c.allowedProviders());
        List<Map<String, Object>> r = new ArrayList<>();
        for (Readiness.Check check : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", check.name());
            m.put("ok", check.ok());
            m.put("detail", check.detail());
            r.add(m);
        }
        d.put("readiness", r);
        return d;
    }

    private static List<String> warnings(SetupFlow.Choices c, List<Readiness.Check> checks) {
        List<String> w = new ArrayList<>(c.notes());
        checks.stream().filter(ch -> !ch.ok()).forEach(ch -> w.add(ch.name() + ": " + ch.detail()));
        return w;
    }
}

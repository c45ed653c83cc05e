package dev.scc.cli.commands.org;

import picocli.CommandLine.Mixin;
import dev.scc.cli.output.JsonOption;
import dev.scc.core.SccException.Kind;
import dev.scc.cli.CliServices;
import dev.scc.cli.ExitCodes;
import dev.scc.app.governance.GovernanceException;
import dev.scc.policy.source.FetchResult;
import dev.scc.app.governance.Governance;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scc org status}: the cached org config, its age, and whether launches would accept it. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the connected org config from the cache (no network): source, age, staleness.",
        footerHeading = "%nExamples:%n", footer = {"  scc org status", "  scc org status --json"})
public final class OrgStatusCommand implements Callable<Integer> {
    private final CliServices services;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption jsonOption;

    public OrgStatusCommand(CliServices services) {
        this.services = services;
    }

    @Override
    public Integer call() {
        String raw = services.governance().connectedOrgSource().orElseThrow(() -> new GovernanceException(
                "no org source connected (standalone): run 'scc setup' to connect one", Kind.NOT_FOUND));
        FetchResult r = services.governance().fetchOrg(raw, true);
        Optional<Duration> maxAge = Governance.maxStaleAge(r);
        boolean stale = maxAge.isPresent() && r.isStale(maxAge.get());
        long maxHours = maxAge.map(Duration::toHours).orElse(0L);
        OrgUpdateCommand.print(spec.commandLine().getOut(), "OrgStatus", r, !stale, jsonOption.enabled(), services);
        if (!jsonOption.enabled()) {
            spec.commandLine().getOut().println(maxHours == 0 ? "Launches:   accepted (no defaults.max_stale_hours)"
                    : stale ? "Launches:   REFUSED until 'scc org update' succeeds (older than " + maxHours + "h)"
                            : "Launches:   accepted (max age " + maxHours + "h)");
            spec.commandLine().getOut().flush();
        }
        return stale ? ExitCodes.CONFIG : ExitCodes.OK;
    }
}

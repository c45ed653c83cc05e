package dev.scc.cli.commands.provider;

import dev.scc.cli.CliServices;
import dev.scc.cli.commands.setup.OrgLookup;
import dev.scc.cli.commands.setup.UserConfigStore;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.UserConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider preference and what the connected org allows the selected team. Without an org (standalone,
 * or not set up) every provider is allowed; with an org but no team yet, the org's defaults apply.
 */
record ProviderState(Optional<String> preference, Optional<String> team, Optional<String> orgName, List<String> allowed,
        Path configFile) {

    static ProviderState load(CliServices services, UserConfigStore store) {
        UserConfig user = store.read();
        OrgLookup lookup = new OrgLookup(services);
        Optional<String> orgSource = lookup.orgSource(Optional.empty(), user);
        List<String> allowed = services.providers().ids();
        Optional<String> orgName = Optional.empty();
        if (orgSource.isPresent()) {
            OrgConfig org = lookup.load(orgSource.get());
            orgName = Optional.of(org.organization().name());
            Optional<String> team = user.selectedTeam().filter(org.profiles()::containsKey);
            allowed = team.isPresent() ? lookup.allowedProviders(orgSource.get(), org, team.get())
                    : org.defaults().allowedProviders().orElse(allowed);
        }
        return new ProviderState(user.selectedProvider(), user.selectedTeam(), orgName, allowed, store.file());
    }

    /** The preferences that may be set now. */
    List<String> choices() {
        return OrgLookup.preferences(allowed);
    }

    /** What {@code scc start} uses when no {@code --provider} is given. */
    String effective() {
        return preference.filter(choices()::contains).orElse(allowed.size() == 1 ? allowed.get(0) : "ask");
    }

    Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("selected_provider", preference.orElse(null));
        d.put("effective", effective());
        d.put("team", team.orElse(null));
        d.put("organization", orgName.orElse(null));
        d.put("allowed_providers", allowed);
        d.put("config_file", configFile.toString());
        return d;
    }
}

package dev.scc.cli.commands.safety;

import dev.scc.safety.SafetyPolicyLoader;
import dev.scc.safety.SafetyPolicy;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves {@code --policy}: an org config (its security.safety_net) or a bare safety-policy JSON; none means defaults. */
final class PolicyOption {
    private PolicyOption() {}

    static SafetyPolicy load(Optional<Path> file) {
        return file.map(f -> SafetyPolicyLoader.load(f, false)).orElseGet(() -> SafetyPolicy.defaults("built-in defaults"));
    }
}

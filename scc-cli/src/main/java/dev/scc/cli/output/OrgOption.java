package dev.scc.cli.output;

import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --org SOURCE} option, declared once and mixed into every command that reads an org config
 * ({@code @Mixin}). Every command resolves it the same way (a file, an https:// URL or a github:/gitlab:
 * shorthand); absent means the one {@code scc setup} connected. ({@code scc org validate --org} is a different,
 * boolean flag: "validate as an org config".)
 */
public final class OrgOption {
    @Option(names = "--org", paramLabel = "SOURCE",
            description = "Org config: a file (JSON or YAML), an https:// URL, or github:owner/repo[@ref]:path. "
                    + "Default: the one connected by 'scc setup'.")
    String org;

    /** The org source as given, or empty for the connected one. */
    public Optional<String> source() {
        return Optional.ofNullable(org);
    }
}

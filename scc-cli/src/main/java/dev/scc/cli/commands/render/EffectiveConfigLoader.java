package dev.scc.cli.commands.render;

import dev.scc.core.merge.EffectiveConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads and merges the policy documents into the merge result {@code scc render} projects. One call, so the
 * composition root can wire the policy parser in one place (see {@link RenderCommand#RenderCommand()}).
 */
@FunctionalInterface
interface EffectiveConfigLoader {
    /** The merge result and, for a local org file, its directory (relative sources resolve against it). */
    record Loaded(EffectiveConfig config, Optional<Path> orgDir) {}

    /**
     * @param org the org source, if given (else the saved setup's)
     * @param team the team profile, if given (else the selected team, else the org baseline)
     * @param project an optional project {@code .scc.yaml}
     * @param provider the renderer id, if given (else the saved choice)
     */
    Loaded load(Optional<String> org, Optional<String> team, Optional<Path> project, Optional<String> provider);
}

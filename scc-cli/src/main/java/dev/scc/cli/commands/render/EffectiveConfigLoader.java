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

    /**
     * @param org the org config file
     * @param team the team profile to apply
     * @param project an optional project {@code .scc.yaml}
     * @param provider the renderer id being rendered for
     */
    EffectiveConfig load(Path org, String team, Optional<Path> project, String provider);

    /** Until the policy parser is wired: a clear configuration error, never a silent empty render. */
    EffectiveConfigLoader UNWIRED = (org, team, project, provider) -> {
        throw new RenderCommandException("loading policy files is not available in this build yet (" + org
                + "); the policy loader is not wired into 'scc render'", dev.scc.cli.ExitCodes.CONFIG);
    };
}

package dev.scc.cli.drills;

/** The JVM-tools drill on the real Claude Code (the pinned @anthropic-ai/claude-code in scc-agent-claude). */
class ClaudeMavenDrillsIT extends MavenDrills {
    @Override
    DrillWorld.Agent agent() {
        return DrillWorld.Agent.CLAUDE;
    }
}

package dev.scc.core.plan;

/**
 * One thing a render plan asks a renderer to project. Every item has a key that is unique within its plan;
 * a renderer's {@link dev.scc.core.spi.RenderReport} names every key exactly once.
 */
public sealed interface PlanItem
        permits RenderPlan.Skill,
                RenderPlan.McpServer,
                RenderPlan.NativeIntegration,
                RenderPlan.Plugin,
                RenderPlan.Marketplace,
                RenderPlan.SafetyHook,
                RenderPlan.DenyRule,
                RenderPlan.Instruction,
                RenderPlan.Trust,
                RenderPlan.Skipped {

    /** Unique within a plan, stable across renders (for example {@code plugin:code-review@scc-team}). */
    String key();
}

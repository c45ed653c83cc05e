package dev.scc.core.plan;

import java.util.Objects;

/**
 * Runtime facts the plan needs and the merge does not know.
 *
 * @param workspace absolute container path of the workspace (trusted on Codex)
 * @param hookCommandTemplate the safety hook command; {@code {provider}} is replaced by the provider id, so the
 *     runtime can point it at the in-container adaptor
 * @param hookTimeoutSeconds the hook timeout written into native hook config (both CLIs fail open on timeout,
 *     so keep the adaptor's own budget well below it)
 */
public record PlanOptions(String workspace, String hookCommandTemplate, int hookTimeoutSeconds) {

    /** {@code /workspace}, {@code /usr/lib/scc/bin/scc-hook {provider}}, 30 s. */
    public static final PlanOptions DEFAULTS = new PlanOptions("/workspace", "/usr/lib/scc/bin/scc-hook {provider}", 30);

    public PlanOptions {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(hookCommandTemplate, "hookCommandTemplate");
        if (!workspace.startsWith("/")) {
            throw new IllegalArgumentException("workspace must be an absolute container path, got '" + workspace + "'");
        }
        if (hookCommandTemplate.isBlank()) {
            throw new IllegalArgumentException("hookCommandTemplate must not be blank");
        }
        if (hookTimeoutSeconds < 1) {
            throw new IllegalArgumentException("hookTimeoutSeconds must be >= 1");
        }
    }

    public PlanOptions withWorkspace(String ws) {
        return new PlanOptions(ws, hookCommandTemplate, hookTimeoutSeconds);
    }

    public PlanOptions withHookCommandTemplate(String template) {
        return new PlanOptions(workspace, template, hookTimeoutSeconds);
    }
}

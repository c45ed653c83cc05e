package dev.scc.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hard boundaries that nothing below the org can lift: not delegation, not an exception, not a local override.
 *
 * @param safetyNet the {@code security.safety_net} section as plain values, passed unchanged to the safety
 *     engine, which owns its validation and fails closed on anything it cannot read; empty when absent
 * @param workspaceProtection {@code security.workspace_protection}: workspace-relative path to {@code read-only},
 *     {@code review} or {@code off}, over SCC's default set ({@code WorkspaceProtection.DEFAULT}); the org's choice
 *     is a floor: delegated teams and projects may only make paths stricter ({@code TrustMerge}), nothing below the
 *     org can relax them
 */
public record Security(
        List<String> blockedPlugins,
        List<String> blockedMcpServers,
        List<String> blockedBaseImages,
        boolean allowStdioMcp,
        List<String> allowedStdioPrefixes,
        Optional<Map<String, Object>> safetyNet,
        Map<String, String> workspaceProtection) {

    public static final Security NONE = new Security(List.of(), List.of(), List.of(), false, List.of(), Optional.empty());

    /** Without workspace protection choices (SCC's defaults apply). */
    public Security(List<String> blockedPlugins, List<String> blockedMcpServers, List<String> blockedBaseImages,
            boolean allowStdioMcp, List<String> allowedStdioPrefixes, Optional<Map<String, Object>> safetyNet) {
        this(blockedPlugins, blockedMcpServers, blockedBaseImages, allowStdioMcp, allowedStdioPrefixes, safetyNet,
                Map.of());
    }

    public Security {
        blockedPlugins = Lists.copy(blockedPlugins);
        blockedMcpServers = Lists.copy(blockedMcpServers);
        blockedBaseImages = Lists.copy(blockedBaseImages);
        allowedStdioPrefixes = Lists.copy(allowedStdioPrefixes);
        safetyNet = safetyNet.map(Lists::copy);
        workspaceProtection = Map.copyOf(workspaceProtection);
    }
}

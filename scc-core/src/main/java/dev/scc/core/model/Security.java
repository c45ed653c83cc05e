package dev.scc.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hard boundaries that nothing below the org can lift: not delegation, not an exception, not a local override.
 *
 * @param safetyNet the {@code security.safety_net} section as plain values, passed unchanged to the safety
 *     engine, which owns its validation and fails closed on anything it cannot read; empty when absent
 */
public record Security(
        List<String> blockedPlugins,
        List<String> blockedMcpServers,
        List<String> blockedBaseImages,
        boolean allowStdioMcp,
        List<String> allowedStdioPrefixes,
        Optional<Map<String, Object>> safetyNet) {

    public static final Security NONE = new Security(List.of(), List.of(), List.of(), false, List.of(), Optional.empty());

    public Security {
        blockedPlugins = Lists.copy(blockedPlugins);
        blockedMcpServers = Lists.copy(blockedMcpServers);
        blockedBaseImages = Lists.copy(blockedBaseImages);
        allowedStdioPrefixes = Lists.copy(allowedStdioPrefixes);
        safetyNet = safetyNet.map(Lists::copy);
    }
}

package dev.scc.core.plan;

import dev.scc.safety.rules.BuiltinPack;
import java.util.List;
import java.util.Map;

/**
 * The static command rules derived from {@code security.safety_net}: the rules of the built-in packs that have a
 * native prefix, read from the same table ({@link BuiltinPack}) the safety engine reads. The engine (through the hook
 * and the wrappers) stays the authority; these rules are the extra static layer both CLIs honour even in bypass modes.
 */
final class SafetyRules {
    private SafetyRules() {}

    /**
     * The rules the policy keeps on. No section means defaults (all on); {@code action: allow} turns the safety
     * net off; any other or unknown action keeps every rule (fail closed). A rule is off only when its switch (or
     * its group's) is literally {@code false}.
     */
    static List<RenderPlan.DenyRule> from(Map<String, Object> safetyNet) {
        return BuiltinPack.nativeRules(safetyNet).stream()
                .map(r -> new RenderPlan.DenyRule("deny:" + r.id(), r.id(), r.nativePrefix(), r.nativeJustification(),
                        r.tests().match(), r.tests().notMatch()))
                .toList();
    }
}

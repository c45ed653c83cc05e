package dev.scc.core.plan;

/**
 * {@code SKILL.md} text in the open Agent Skills format, which Claude Code and Codex both read; only where the
 * file goes differs per provider, and that stays in the renderers.
 */
public final class SkillMarkdown {
    private SkillMarkdown() {}

    /** The SKILL.md body for a governed skill. */
    public static String of(RenderPlan.Skill s) {
        StringBuilder sb = new StringBuilder("---\n");
        sb.append("name: ").append(s.name()).append('\n');
        sb.append("description: ").append(yamlString(truncate(s.description(), 1024))).append('\n');
        sb.append("---\n\n");
        sb.append("# ").append(s.name()).append("\n\n");
        sb.append("Governed by SCC (bundle `").append(s.bundle()).append("`, ").append(s.installIntent().wire())
                .append(").\n");
        s.sourceUrl().ifPresent(u -> sb.append("\nSource: ").append(u)
                .append(s.sourceRef().map(r -> " @ " + r).orElse("")).append('\n'));
        s.sourcePath().ifPresent(p -> sb.append("\nSource path: ").append(p).append('\n'));
        s.version().ifPresent(v -> sb.append("\nVersion: ").append(v).append('\n'));
        return sb.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** A double-quoted YAML scalar. */
    public static String yamlString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}

package dev.scc.safety.rules;

/**
 * What every pattern shares: its kind and its text as the author wrote it, which is also its identity (two patterns
 * of one class and kind with the same text are equal).
 */
abstract class PatternText {
    private final ActionKind kind;
    private final String text;

    PatternText(ActionKind kind, String text) {
        this.kind = kind;
        this.text = text;
    }

    public final ActionKind kind() {
        return kind;
    }

    public final String text() {
        return text;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((PatternText) o).kind == kind && ((PatternText) o).text.equals(text);
    }

    @Override
    public final int hashCode() {
        return kind.hashCode() * 31 + text.hashCode();
    }

    @Override
    public final String toString() {
        return text;
    }
}

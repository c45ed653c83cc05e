package dev.scc.safety.rules;

import java.util.List;

/**
 * A path glob for {@code file.read} or {@code file.write}, matched against the action's normalised absolute path:
 * {@code **} is any number of directories (also none), {@code *} any run of characters inside one name. A glob must
 * start with {@code /} or {@code **} (paths are absolute): {@code **}{@code /.env} matches every {@code .env}.
 */
public final class PathPattern implements ActionPattern {
    private final ActionKind kind;
    private final String text;
    private final List<String> segments;

    private PathPattern(ActionKind kind, String text, List<String> segments) {
        this.kind = kind;
        this.text = text;
        this.segments = segments;
    }

    /**
     * Parses a glob of {@code kind} ({@link ActionKind#FILE_READ} or {@link ActionKind#FILE_WRITE}).
     *
     * @throws IllegalArgumentException for an empty glob or one that can never match an absolute path
     */
    public static PathPattern parse(ActionKind kind, String text) {
        if (kind != ActionKind.FILE_READ && kind != ActionKind.FILE_WRITE) {
            throw new IllegalArgumentException("a path pattern is for file.read or file.write");
        }
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the path pattern is empty");
        }
        if (!t.startsWith("/") && !t.startsWith("**")) {
            throw new IllegalArgumentException("the path pattern \"" + t + "\" can never match: file actions carry absolute"
                    + " paths, so start it with / or **/ (e.g. \"**/" + (t.startsWith("~/") ? t.substring(2) : t) + "\")");
        }
        List<String> segs = new java.util.ArrayList<>();
        for (String s : t.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                throw new IllegalArgumentException("the path pattern \"" + t + "\" can never match: paths are normalised, so"
                        + " no path contains \"..\"");
            }
            if (!(s.equals("**") && !segs.isEmpty() && segs.get(segs.size() - 1).equals("**"))) {
                segs.add(s);
            }
        }
        return new PathPattern(kind, t, List.copyOf(segs));
    }

    @Override
    public ActionKind kind() {
        return kind;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public boolean matches(Action action) {
        String path;
        if (kind == ActionKind.FILE_READ && action instanceof Action.FileRead) {
            path = ((Action.FileRead) action).path();
        } else if (kind == ActionKind.FILE_WRITE && action instanceof Action.FileWrite) {
            path = ((Action.FileWrite) action).path();
        } else {
            return false;
        }
        List<String> names = path.equals("/") ? List.of() : List.of(path.substring(1).split("/"));
        return match(0, names, 0, new java.util.HashSet<>());
    }

    private boolean match(int si, List<String> names, int ni, java.util.Set<Long> failed) {
        long key = ((long) si << 32) | ni;
        if (failed.contains(key)) {
            return false;
        }
        boolean ok;
        if (si == segments.size()) {
            ok = ni == names.size();
        } else if (segments.get(si).equals("**")) {
            ok = false;
            for (int k = ni; k <= names.size() && !ok; k++) {
                ok = match(si + 1, names, k, failed);
            }
        } else {
            ok = ni < names.size() && WordGlob.matches(segments.get(si), names.get(ni)) && match(si + 1, names, ni + 1, failed);
        }
        if (!ok) {
            failed.add(key);
        }
        return ok;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathPattern && ((PathPattern) o).kind == kind && ((PathPattern) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.scc.safety.rules;

import java.util.List;
import java.util.Optional;

/**
 * A path glob for {@code file.read} or {@code file.write}, matched against the action's normalised absolute path:
 * {@code **} is any number of directories (also none), {@code *} any run of characters inside one name. A glob must
 * start with {@code /} or {@code **} (paths are absolute): {@code **}{@code /.env} matches every {@code .env}.
 */
public final class PathPattern extends PatternText implements ActionPattern {
    private final List<String> segments;

    private PathPattern(ActionKind kind, String text, List<String> segments) {
        super(kind, text);
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

    /**
     * A name every matching path holds (the deepest segment without {@code *}; the rule set indexes file rules by it),
     * empty when every segment is a glob.
     */
    public Optional<String> requiredName() {
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).indexOf('*') < 0) {
                return Optional.of(segments.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * The extension (after the last dot, without it) every matching path's last name has, when the last segment ends
     * in a literal {@code .ext} ({@code *.pem}); empty otherwise.
     */
    public Optional<String> requiredExtension() {
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        String last = segments.get(segments.size() - 1);
        String tail = last.substring(last.lastIndexOf('*') + 1);
        int dot = tail.lastIndexOf('.');
        return dot < 0 || dot == tail.length() - 1 ? Optional.empty() : Optional.of(tail.substring(dot + 1));
    }

    @Override
    public boolean matches(Action action) {
        String path;
        if (kind() == ActionKind.FILE_READ && action instanceof Action.FileRead) {
            path = ((Action.FileRead) action).path();
        } else if (kind() == ActionKind.FILE_WRITE && action instanceof Action.FileWrite) {
            path = ((Action.FileWrite) action).path();
        } else {
            return false;
        }
        String[] names = path.equals("/") ? new String[0] : path.substring(1).split("/");
        return match(names);
    }

    /**
     * Glob over path names: each segment matches one name, {@code **} any run of names. Greedy with one backtrack
     * point (the last {@code **}), which is exact for this pattern shape and linear in practice.
     */
    private boolean match(String[] names) {
        int s = 0;
        int n = 0;
        int star = -1;
        int mark = 0;
        while (n < names.length) {
            if (s < segments.size() && segments.get(s).equals("**")) {
                star = s++;
                mark = n;
            } else if (s < segments.size() && WordGlob.matches(segments.get(s), names[n])) {
                s++;
                n++;
            } else if (star >= 0) {
                s = star + 1;
                n = ++mark;
            } else {
                return false;
            }
        }
        while (s < segments.size() && segments.get(s).equals("**")) {
            s++;
        }
        return s == segments.size();
    }
}

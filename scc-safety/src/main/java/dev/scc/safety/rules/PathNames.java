package dev.scc.safety.rules;

import java.util.ArrayDeque;
import java.util.Deque;

/** Absolute path normalisation for file actions: no {@code .}, {@code ..} or empty segments, so globs see one spelling. */
final class PathNames {
    private PathNames() {}

    static String requireAbsolute(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a file action needs an absolute path (got \"" + path + "\")");
        }
        return normalise(path);
    }

    static String normalise(String path) {
        Deque<String> out = new ArrayDeque<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(seg);
            }
        }
        return "/" + String.join("/", out);
    }
}

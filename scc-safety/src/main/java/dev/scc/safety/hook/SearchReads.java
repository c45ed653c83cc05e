package dev.scc.safety.hook;

import dev.scc.safety.Decision;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.Verdict;
import dev.scc.safety.evaluator.Evaluator;
import dev.scc.safety.rules.Action;
import dev.scc.safety.rules.ActionKind;
import dev.scc.safety.rules.ActionRule;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A file tool call that reads many files at once: Claude's {@code Grep} without a {@code path} (the working directory)
 * or with a directory, Gemini CLI's {@code grep_search} ({@code dir_path}, {@code include_pattern}) and
 * {@code read_many_files} ({@code include} paths and globs, {@code exclude}). Such a call stands for a file read of
 * every file it could read, so a {@code file.read} rule for {@code **}{@code /.env} is not stepped around by searching
 * the workspace for a string only {@code .env} holds.
 *
 * <p>The directory is walked only when the policy has an enforced {@code file.read} rule stricter than allow (else
 * every read is allowed anyway), bounded by {@link #MAX_ENTRIES} names and {@link #MAX_MILLIS}: over either bound, or
 * on a directory the evaluator cannot list, the call is refused with how to narrow it (fail closed). The walk is
 * conservative: hidden files count (the tools may read them), {@code .git/} is skipped (git's objects are not files a
 * search reads), symbolic links are judged by their own path and their target's, and only the file filters the tool
 * applies itself narrow the set ({@code glob}, {@code include_pattern}, {@code include}, {@code exclude}; a ripgrep
 * {@code type} does not). Every file is judged as a {@link Action.FileRead}; the strictest decision wins and is settled
 * (audited, approvals used) for its first file, whose path and rule the reason names.
 */
final class SearchReads {
    /** Names (files and directories) a walk looks at before it gives up. */
    static final int MAX_ENTRIES = 20_000;
    /** How long a walk may take before it gives up. */
    static final long MAX_MILLIS = 2_000;

    /** One search: where it starts, the tool's own filters, and how the agent narrows it (for the reason). */
    record Search(String tool, String root, List<String> includes, List<String> excludes, String narrow) {
        Search {
            includes = List.copyOf(includes);
            excludes = List.copyOf(excludes);
        }
    }

    private SearchReads() {}

    /**
     * The search a tool call makes, when it is one that reads many files; empty for every other call (a Grep of one
     * file is the single read {@link HookAdaptor#actions} already judges).
     *
     * @throws IllegalArgumentException when an input the tool needs has the wrong type
     */
    static Optional<Search> of(String tool, Map<?, ?> in, String cwd) {
        switch (tool) {
            case "Grep": {
                Object p = in.containsKey("path") ? in.get("path") : in.get("file_path");
                if (p != null && !(p instanceof String)) {
                    throw new IllegalArgumentException("Grep tool_input.path is not a string");
                }
                String root = p == null || ((String) p).isEmpty() ? root(cwd) : Evaluator.normalise((String) p, cwd);
                if (p != null && !((String) p).isEmpty() && !Files.isDirectory(Path.of(root))) {
                    return Optional.empty(); // one file: judged as that file's read
                }
                return Optional.of(new Search("Grep", root, globs(in.get("glob"), "glob"), List.of(),
                        "pass `path` naming a directory or file without it, or a `glob` that leaves it out"));
            }
            case "grep_search": {
                Object p = in.get("dir_path");
                if (p != null && !(p instanceof String)) {
                    throw new IllegalArgumentException("grep_search tool_input.dir_path is not a string");
                }
                String root = p == null || ((String) p).isEmpty() ? root(cwd) : Evaluator.normalise((String) p, cwd);
                if (p != null && !((String) p).isEmpty() && !Files.isDirectory(Path.of(root))) {
                    return Optional.of(new Search(tool, root, List.of(), List.of(), "")); // one file
                }
                return Optional.of(new Search(tool, root, globs(in.get("include_pattern"), "include_pattern"), List.of(),
                        "pass `dir_path` naming a directory without it, or an `include_pattern` that leaves it out"));
            }
            case "read_many_files": {
                List<String> include = strings(in.get("include"), "include");
                if (include.isEmpty()) {
                    throw new IllegalArgumentException("read_many_files call without tool_input.include");
                }
                return Optional.of(new Search(tool, root(cwd), include, strings(in.get("exclude"), "exclude"),
                        "list only the files you need in `include`, or add it to `exclude`"));
            }
            default:
                return Optional.empty();
        }
    }

    /**
     * The directory-wide searches a shell command makes, one per directory it searches: {@code grep}, {@code egrep} and
     * {@code fgrep} with {@code -r}/{@code -R} (alone, in a cluster such as {@code -rn}, or as {@code --recursive},
     * {@code --dereference-recursive}, {@code -d recurse}, {@code --directories=recurse}; no path: the working
     * directory), and {@code rg}, which always recurses. Agents without a search tool of their own (Claude Code 2.1
     * withholds {@code Grep} unless it is asked for, Codex has none) search this way. Paths that are files are left to
     * the single-file reads the command analysis already judges. Conservative where the grammar is unclear: a word
     * that may be an option's value counts as a path (walking a path that is no directory reads nothing), and only the
     * tools' own file-name filters narrow the set ({@code --include}/{@code --exclude}, rg's {@code -g}/{@code --glob}).
     */
    static List<Search> ofCommand(Action.Command c, String cwd) {
        String program = c.program();
        boolean rg = program.equals("rg");
        if (!rg && !program.equals("grep") && !program.equals("egrep") && !program.equals("fgrep")) {
            return List.of();
        }
        // grep's short options that take a value (the rest of the cluster or the next word); rg's likewise
        String valued = rg ? "efgtTmABCjMEr" : "efmABCdD";
        boolean recursive = rg;
        boolean patternGiven = false;
        boolean options = true;
        List<String> operands = new ArrayList<>();
        List<String> includes = new ArrayList<>();
        List<String> excludes = new ArrayList<>();
        List<String> argv = c.argv();
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                String value = eq >= 0 ? a.substring(eq + 1) : null;
                boolean takesValue = List.of("--regexp", "--file", "--include", "--exclude", "--exclude-dir",
                        "--directories", "--devices", "--glob", "--iglob", "--type", "--type-not", "--max-count",
                        "--context", "--after-context", "--before-context", "--threads", "--max-depth", "--replace",
                        "--encoding", "--max-columns", "--label", "--binary-files", "--color", "--colour").contains(name);
                if (takesValue && value == null && i + 1 < argv.size()) {
                    value = argv.get(++i);
                }
                switch (name) {
                    case "--recursive": case "--dereference-recursive": recursive = true; break;
                    case "--directories": recursive |= "recurse".equals(value); break;
                    case "--regexp": case "--file": patternGiven = true; break;
                    case "--include": if (value != null) { includes.add(value); } break;
                    case "--glob": case "--iglob":
                        if (value != null && !value.startsWith("!")) {
                            includes.add(value);
                        }
                        break;
                    case "--exclude": if (value != null) { excludes.add(value); } break;
                    default: break;
                }
            } else if (options && a.startsWith("-") && a.length() > 1) {
                for (int k = 1; k < a.length(); k++) {
                    char ch = a.charAt(k);
                    if (!rg && (ch == 'r' || ch == 'R')) {
                        recursive = true;
                    }
                    if (valued.indexOf(ch) >= 0) {
                        String value = k + 1 < a.length() ? a.substring(k + 1) : (i + 1 < argv.size() ? argv.get(++i) : "");
                        if (ch == 'e' || ch == 'f') {
                            patternGiven = true;
                        } else if (!rg && ch == 'd') {
                            recursive |= value.equals("recurse");
                        } else if (rg && ch == 'g' && !value.startsWith("!")) {
                            includes.add(value);
                        }
                        break;
                    }
                }
            } else {
                operands.add(a);
            }
        }
        if (!recursive) {
            return List.of();
        }
        List<String> paths = patternGiven ? operands : operands.subList(Math.min(1, operands.size()), operands.size());
        if (paths.isEmpty()) {
            paths = List.of(".");
        }
        List<Search> out = new ArrayList<>();
        String here = root(cwd);
        for (String p : paths) {
            String dir = Evaluator.normalise(p, here);
            if (Files.isDirectory(Path.of(dir))) {
                out.add(new Search(program, dir, includes, excludes, "search a directory that does not hold it, or leave it out"
                        + (rg ? " with `-g '!NAME'`" : " with `--exclude=NAME`")));
            }
        }
        return out;
    }

    private static String root(String cwd) {
        return cwd.isEmpty() ? "/" : Evaluator.normalise(cwd, "");
    }

    private static List<String> globs(Object g, String key) {
        if (g == null) {
            return List.of();
        }
        if (!(g instanceof String)) {
            throw new IllegalArgumentException("tool_input." + key + " is not a string");
        }
        return ((String) g).isBlank() ? List.of() : List.of((String) g);
    }

    private static List<String> strings(Object v, String key) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List)) {
            throw new IllegalArgumentException("tool_input." + key + " is not an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof String) || ((String) o).isEmpty()) {
                throw new IllegalArgumentException("tool_input." + key + " holds an element that is not a path or glob");
            }
            out.add((String) o);
        }
        return out;
    }

    /** True when some enforced {@code file.read} rule decides more than allow: only then is a walk worth its cost. */
    static boolean worthWalking(SafetyEngine engine) {
        if (engine.policy().failure().isPresent()) {
            return true;
        }
        for (ActionRule r : engine.policy().rules().rules()) {
            if (r.enforce() && r.decision() != Decision.ALLOW && r.match().kinds().contains(ActionKind.FILE_READ)) {
                return true;
            }
        }
        return false;
    }

    /** The files a search could read, or why they cannot all be listed. */
    record Listing(List<String> files, Optional<String> failure) {
        Listing {
            files = List.copyOf(files);
        }
    }

    /** One directory to walk and the globs (relative to it) a file under it must match; none: every file. */
    private record Walk(Path base, List<PathMatcher> globs) {}

    /** Lists the files {@code s} could read (absolute paths, each once), within the bounds. */
    static Listing files(Search s) {
        Path root = Path.of(s.root());
        List<Walk> walks = new ArrayList<>();
        if (s.includes().isEmpty()) {
            walks.add(new Walk(root, List.of()));
        }
        for (String inc : s.includes()) {
            Path named = root.resolve(inc).normalize();
            if (s.tool().equals("read_many_files") && Files.exists(named, LinkOption.NOFOLLOW_LINKS)) {
                walks.add(new Walk(named, List.of())); // a path, not a glob: it and everything under it
                continue;
            }
            // The glob's literal directories are where its files can be: walk from there (also outside the root).
            String g = inc.startsWith("!") ? inc.substring(1) : inc;
            Path base = g.startsWith("/") ? Path.of("/") : root;
            List<String> parts = new ArrayList<>(List.of(g.split("/")));
            parts.removeIf(String::isEmpty);
            while (parts.size() > 1 && parts.get(0).chars().noneMatch(ch -> "*?[{".indexOf(ch) >= 0)) {
                base = base.resolve(parts.remove(0)).normalize();
            }
            walks.add(new Walk(base, matchers(String.join("/", parts))));
        }
        List<PathMatcher> excludes = new ArrayList<>();
        List<Path> excludedDirs = new ArrayList<>();
        for (String ex : s.excludes()) {
            if (ex.endsWith("/")) {
                excludedDirs.add(root.resolve(ex).normalize());
            } else {
                excludes.addAll(matchers(ex));
            }
        }
        long deadline = System.nanoTime() + MAX_MILLIS * 1_000_000L;
        int[] seen = {0};
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Walk w : walks) {
            Optional<String> failure = walk(s, w, root, excludes, excludedDirs, deadline, seen, out);
            if (failure.isPresent()) {
                return new Listing(new ArrayList<>(out), failure);
            }
        }
        return new Listing(new ArrayList<>(out), Optional.empty());
    }

    private static Optional<String> walk(Search s, Walk w, Path root, List<PathMatcher> excludes, List<Path> excludedDirs,
            long deadline, int[] seen, java.util.Set<String> out) {
        if (!Files.isDirectory(w.base(), LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(w.base(), LinkOption.NOFOLLOW_LINKS) && w.globs().isEmpty()) {
                add(w.base(), out);
            }
            return Optional.empty();
        }
        Deque<Path> dirs = new ArrayDeque<>(List.of(w.base()));
        while (!dirs.isEmpty()) {
            Path dir = dirs.poll();
            List<Path> children;
            try (Stream<Path> list = Files.list(dir)) {
                children = list.sorted().toList();
            } catch (IOException | SecurityException e) {
                return Optional.of("the directory " + dir + " cannot be listed to check what the search would read ("
                        + e.getClass().getSimpleName() + ")");
            }
            for (Path c : children) {
                if (++seen[0] > MAX_ENTRIES || System.nanoTime() > deadline) {
                    return Optional.of("the search covers more than " + (seen[0] > MAX_ENTRIES
                            ? MAX_ENTRIES + " files and directories" : "what can be checked in " + MAX_MILLIS + " ms")
                            + " under " + w.base() + ", too many to check against the file-read rules");
                }
                if (c.getFileName().toString().equals(".git") && Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path underRoot = c.startsWith(root) ? root.relativize(c) : c;
                if (excludedDirs.stream().anyMatch(c::startsWith)
                        || excludes.stream().anyMatch(m -> m.matches(underRoot) || m.matches(c.getFileName()))) {
                    continue;
                }
                if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                    dirs.add(c);
                    continue;
                }
                Path rel = w.base().relativize(c);
                if (w.globs().isEmpty() || w.globs().stream().anyMatch(m -> m.matches(rel) || m.matches(c.getFileName()))) {
                    add(c, out);
                }
            }
        }
        return Optional.empty();
    }

    /** A file the search reads: its path, and for a symbolic link also its target's. */
    private static void add(Path file, java.util.Set<String> out) {
        out.add(file.toString());
        if (Files.isSymbolicLink(file)) {
            try {
                out.add(file.toRealPath().toString());
            } catch (IOException | SecurityException dangling) {
                // a link to nothing reads nothing
            }
        }
    }

    /**
     * Matchers for one glob as ripgrep and the Gemini CLI apply it: a glob without {@code /} matches a file's name at
     * any depth ({@link #files} also tries the name alone), one with {@code /} the path under the walk's base; a leading
     * {@code **}{@code /} also matches at the root; a leading {@code !} is read as the glob itself (a negation would
     * only narrow the set, so ignoring it reads more, never less).
     */
    static List<PathMatcher> matchers(String glob) {
        String g = glob.startsWith("!") ? glob.substring(1) : glob;
        while (g.startsWith("./")) {
            g = g.substring(2);
        }
        List<PathMatcher> out = new ArrayList<>();
        try {
            out.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
            if (g.startsWith("**/")) {
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + g.substring(3)));
            }
            if (g.endsWith("/**")) {
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + g.substring(0, g.length() - 3) + "/*"));
            }
        } catch (IllegalArgumentException e) {
            // a glob Java cannot read: match everything (conservative)
            out.add(p -> true);
        }
        return out;
    }

    /**
     * The verdict on a search: each file it could read judged as a file read, the strictest decision settled (audited,
     * an approval used) for its first file, with a reason that names that file and how to narrow the search. A search
     * that cannot be listed within the bounds is refused with what to do instead.
     */
    static Verdict judge(Evaluator evaluator, Search s, String cwd, String source) {
        Listing f = files(s);
        if (f.failure().isPresent()) {
            return evaluator.recordAction(new Action.FileRead(s.root()), Verdict.allow("").with(Decision.BLOCK,
                    "BLOCKED: " + f.failure().get() + ", so the search is refused. Narrow it: "
                    + s.narrow().replace(" without it", "").replace(" that leaves it out", "") + "."), cwd, source);
        }
        SafetyEngine engine = evaluator.engine();
        String worstFile = null;
        Decision worst = Decision.ALLOW;
        for (String file : f.files()) {
            Decision d = engine.judgeAction(new Action.FileRead(file)).verdict().decision();
            if (d.compareTo(worst) > 0) {
                worst = d;
                worstFile = file;
            }
        }
        if (worstFile == null) {
            return Verdict.allow("no file the search could read is denied");
        }
        Verdict v = evaluator.decideAction(new Action.FileRead(worstFile), cwd, source);
        if (v.decision() == Decision.ALLOW || s.narrow().isEmpty()) {
            return v;
        }
        return v.with(v.decision(), v.reason() + "\n\n" + s.tool() + " would read " + worstFile + " (searching "
                + s.root() + "). Narrow the search: " + s.narrow() + ".");
    }
}

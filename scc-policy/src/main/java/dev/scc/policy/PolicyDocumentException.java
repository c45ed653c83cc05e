package dev.scc.policy;

import dev.scc.core.SccException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A policy document (org config, team config, project or user config, exception store) could not be
 * read or is invalid. Carries the file, the JSON path of the (first) problem, what was expected there,
 * and every problem found, so callers can list them all rather than only the first.
 *
 * <p>For syntax errors {@link #location()} is {@code line:column} (1-based) and {@link #jsonPath()} is
 * {@code $}; for schema and invariant errors the location is empty and the problems carry the paths. A named file
 * that is simply not there is {@link Kind#NOT_FOUND}; anything else about a document is {@link Kind#CONFIG}.
 */
public class PolicyDocumentException extends SccException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String jsonPath;
    private final String expected;
    private final String location;
    private final transient List<Problem> problems;

    /** A document with one or more problems (schema or invariant errors). {@code problems} must not be empty. */
    public PolicyDocumentException(List<Problem> problems) {
        super(Kind.CONFIG, summarise(problems), "");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        this.problems = List.copyOf(problems);
        Problem first = this.problems.get(0);
        this.file = first.file();
        this.jsonPath = first.jsonPath();
        this.expected = first.expected();
        this.location = "";
    }

    /**
     * A document that could not be parsed at all.
     *
     * @param location {@code line:column}, or empty when unknown
     */
    public PolicyDocumentException(String file, String location, String message, String expected, Throwable cause) {
        super(kindOf(cause), file + (location.isEmpty() ? "" : ":" + location) + ": " + message
                + (expected.isEmpty() ? "" : " (expected " + expected + ")"), "", cause);
        this.file = Objects.requireNonNull(file);
        this.location = Objects.requireNonNull(location);
        this.jsonPath = "$";
        this.expected = Objects.requireNonNull(expected);
        String where = location.isEmpty() ? message : "line " + location + ": " + message;
        this.problems = List.of(new Problem(file, "$", where, expected));
    }

    public String file() {
        return file;
    }

    public String jsonPath() {
        return jsonPath;
    }

    public String expected() {
        return expected;
    }

    /** {@code line:column} of a syntax error, or empty. */
    public String location() {
        return location;
    }

    /** Every problem, sorted by file and path; never empty. */
    public List<Problem> problems() {
        return problems;
    }

    private static String summarise(List<Problem> problems) {
        if (problems.isEmpty()) {
            return "invalid document";
        }
        if (problems.size() == 1) {
            return problems.get(0).describe();
        }
        return problems.size() + " problems in " + problems.get(0).file() + ":\n"
                + problems.stream().map(p -> "  " + p.describe()).collect(Collectors.joining("\n"));
    }

    /** A document that is simply not there is "not found"; anything else wrong with it is a configuration error. */
    static Kind kindOf(Throwable cause) {
        return cause instanceof java.nio.file.NoSuchFileException ? Kind.NOT_FOUND : Kind.CONFIG;
    }
}

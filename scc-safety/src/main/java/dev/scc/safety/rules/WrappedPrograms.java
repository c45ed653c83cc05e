package dev.scc.safety.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The programs a sandbox image must wrap so that the org's own command rules are judged where the program starts, not
 * only where a native hook sees the agent's command line: a rule naming {@code psql} is otherwise stepped around by
 * running {@code /usr/bin/psql} from a script. The image build passes {@link Plan#programs()} to
 * {@code install-wrappers.sh} ({@code SCC_WRAP_PROGRAMS}) and labels the image with them; a launch compares
 * {@link Plan#required()} with that label and refuses an image built for other rules.
 *
 * <p>Which rules count: the org's and the delegated team's command rules (a project's {@code .scc.yaml} is one
 * workspace's; an image serves them all, so project rules are judged by the hooks and by the wrappers already there).
 * Which names: the program word of each command pattern, when it is a plain program name (no glob, no path) that the
 * command analyser itself reports as a program (it looks through {@code sudo}, {@code env}, {@code sh -c},
 * {@code timeout} … to the command they run, so a pattern naming one of those never matches anything), that is not
 * already wrapped by every image ({@link #BUILT_IN}) and that SCC's own sandbox does not run before the evaluator is
 * up ({@link #MACHINERY}). Everything else is {@link Plan#skipped()} with its reason. Pure and deterministic.
 */
public final class WrappedPrograms {
    /** The image label that lists the programs an image was built to wrap beyond {@link #BUILT_IN}, space-separated. */
    public static final String LABEL = "scc.wrapped-programs";

    /** What {@code install-wrappers.sh} wraps in every image (when the image has it), rules or not. */
    public static final SortedSet<String> BUILT_IN = Collections.unmodifiableSortedSet(new TreeSet<>(List.of("git", "curl",
            "wget", "ssh", "scp", "sftp", "rsync", "terraform", "tofu", "pulumi", "kubectl", "helm", "aws", "gcloud", "az")));

    /**
     * Programs the sandbox runs for itself (the entrypoint, the evaluator's supervisor and JVM, the agent CLI's
     * runtime): a wrapper in front of them would ask the evaluator before it is up, so they are never wrapped.
     */
    public static final SortedSet<String> MACHINERY = Collections.unmodifiableSortedSet(new TreeSet<>(List.of("sh", "bash",
            "dash", "env", "setpriv", "setsid", "java", "sleep", "date", "id", "rm", "node", "scc-wrapper", "scc-hook")));

    /** What install-wrappers.sh accepts as a program name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+][A-Za-z0-9._+-]*");

    private WrappedPrograms() {}

    /** A command pattern whose program gets no wrapper, and why (for build output and tests). */
    public record Skipped(String ruleId, String pattern, String reason) {
        public Skipped {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * @param programs the names an image built for these rules wraps beyond {@link #BUILT_IN} (shadow rules included:
     *     their records then come from the wrappers too)
     * @param required the names a launch under these rules needs wrapped: those of enforced rules ({@code programs}
     *     minus names only shadow rules use; a shadow rule changes nothing, so an image without its wrapper weakens
     *     nothing and is not refused)
     * @param skipped patterns whose program gets no wrapper, with the reason
     */
    public record Plan(SortedSet<String> programs, SortedSet<String> required, List<Skipped> skipped) {
        public Plan {
            programs = Collections.unmodifiableSortedSet(new TreeSet<>(programs));
            required = Collections.unmodifiableSortedSet(new TreeSet<>(required));
            skipped = List.copyOf(skipped);
        }

        /** The value of {@code SCC_WRAP_PROGRAMS} and of the image's {@link #LABEL}. */
        public String label() {
            return WrappedPrograms.label(programs);
        }
    }

    /** The plan for an effective rule set (its org and team rules; built-in and project rules do not count). */
    public static Plan of(RuleSet rules) {
        return of(rules.rules());
    }

    /** The plan for these rules (only those of the org and team layers count). */
    public static Plan of(Collection<ActionRule> rules) {
        SortedSet<String> programs = new TreeSet<>();
        SortedSet<String> required = new TreeSet<>();
        List<Skipped> skipped = new ArrayList<>();
        for (ActionRule r : rules) {
            Origin.Layer layer = r.origin().layer();
            if (layer != Origin.Layer.ORG && layer != Origin.Layer.TEAM) {
                continue;
            }
            for (ActionPattern p : r.match().patterns()) {
                if (!(p instanceof CommandPattern)) {
                    continue;
                }
                CommandPattern cp = (CommandPattern) p;
                Optional<String> why = whyNot(cp.program());
                if (why.isPresent()) {
                    skipped.add(new Skipped(r.id(), cp.text(), why.get()));
                    continue;
                }
                if (BUILT_IN.contains(cp.program())) {
                    continue;
                }
                programs.add(cp.program());
                if (r.enforce()) {
                    required.add(cp.program());
                }
            }
        }
        return new Plan(programs, required, skipped);
    }

    /** Why {@code program} (a pattern's program word) gets no wrapper; empty when it gets one. */
    static Optional<String> whyNot(String program) {
        if (program.indexOf('*') >= 0 || program.indexOf('?') >= 0 || program.indexOf('[') >= 0) {
            return Optional.of("'" + program + "' is a glob, not one program: the hooks judge it, no wrapper is installed");
        }
        if (program.indexOf('/') >= 0) {
            return Optional.of("'" + program + "' is a path: rules name programs by name");
        }
        if (!NAME.matcher(program).matches()) {
            return Optional.of("'" + program + "' is not a program name install-wrappers.sh accepts ([A-Za-z0-9._+-],"
                    + " not starting with '.' or '-')");
        }
        if (MACHINERY.contains(program)) {
            return Optional.of("'" + program + "' runs SCC's own sandbox (entrypoint, evaluator, agent CLI) before the"
                    + " evaluator is up, so it is never wrapped: the hooks judge it");
        }
        List<Action.Command> seen;
        try {
            seen = RuleSet.commandsOf(program + " scc-probe");
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + program + "' cannot be analysed as a command (" + e.getMessage() + ")");
        }
        if (seen.isEmpty() || !seen.get(0).argv().get(0).equals(program)) {
            return Optional.of("the command analyser looks through '" + program + "' to the command it runs, so no"
                    + " judged command starts with it: name the program it runs instead");
        }
        return Optional.empty();
    }

    /** A set of names as the label and {@code SCC_WRAP_PROGRAMS} hold them: sorted, space-separated. */
    public static String label(Set<String> names) {
        return String.join(" ", new TreeSet<>(names));
    }

    /** The names a label value lists (an absent or blank label: none). */
    public static SortedSet<String> fromLabel(String value) {
        SortedSet<String> out = new TreeSet<>();
        if (value != null) {
            for (String n : value.trim().split("\\s+")) {
                if (!n.isEmpty()) {
                    out.add(n);
                }
            }
        }
        return Collections.unmodifiableSortedSet(out);
    }
}

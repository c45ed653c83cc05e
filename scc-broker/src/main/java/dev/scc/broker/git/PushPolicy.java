package dev.scc.broker.git;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the broker lets a push do, from the org's {@code security.safety_net}: deleting any ref
 * ({@code git.push_delete}) and updating or creating a protected branch ({@code git.push_protected_branch}, globs
 * from {@code protected_branches}, {@code *} crosses {@code /}) are refused, or need a human's approval when the rule
 * id is listed in {@code require_approval}. Everything else passes. The rule ids are the safety engine's, so one
 * {@code require_approval} list governs the wrapper (a speed bump) and the broker (the boundary) alike.
 *
 * @param protectedBranches branch globs
 * @param requireApproval rule ids that ask for approval instead of refusing
 */
public record PushPolicy(List<String> protectedBranches, Set<String> requireApproval) {
    public static final String DELETE = "git.push_delete";
    public static final String PROTECTED = "git.push_protected_branch";
    /** The safety engine's defaults when the org names no protected branches. */
    public static final List<String> DEFAULT_PROTECTED = List.of("main", "master", "release/*");

    public PushPolicy {
        protectedBranches = List.copyOf(protectedBranches);
        requireApproval = Set.copyOf(requireApproval);
    }

    /** What happens to one ref update. */
    public sealed interface Verdict {
        RefUpdate update();

        /** Passes. */
        record Allow(RefUpdate update) implements Verdict {}

        /** Refused outright or pending approval ({@code approval}). */
        record Stop(RefUpdate update, String rule, String reason, boolean approval) implements Verdict {}
    }

    /** The verdict for each update, in order. */
    public List<Verdict> judge(List<RefUpdate> updates) {
        List<Verdict> out = new ArrayList<>();
        for (RefUpdate u : updates) {
            out.add(judge(u));
        }
        return List.copyOf(out);
    }

    public Verdict judge(RefUpdate u) {
        if (u.isDelete()) {
            return new Verdict.Stop(u, DELETE, "deleting " + u.ref() + " is not allowed from the sandbox",
                    requireApproval.contains(DELETE));
        }
        Optional<String> pattern = u.branch().flatMap(this::protectingPattern);
        if (pattern.isPresent()) {
            return new Verdict.Stop(u, PROTECTED, "branch " + u.branch().get() + " is protected (pattern '"
                    + pattern.get() + "'); push to a feature branch and open a pull request",
                    requireApproval.contains(PROTECTED));
        }
        return new Verdict.Allow(u);
    }

    private Optional<String> protectingPattern(String branch) {
        return protectedBranches.stream().filter(p -> glob(p).matcher(branch).matches()).findFirst();
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}

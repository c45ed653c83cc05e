package dev.scc.cli.commands.approval;

import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.approval.FileApprovalGate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The in-container side of {@link ApprovalContainerIT}: what the resident evaluator does for one
 * require_approval command, using only the JDK and scc-safety. Arguments: requestsDir answersDir
 * keyFile sessionId cwd argv... Prints the outcome; exit 0 if approved, 3 if not.
 */
public final class ApprovalGateProbe {
    private ApprovalGateProbe() {}

    public static void main(String[] a) throws Exception {
        FileApprovalGate gate = new FileApprovalGate(Path.of(a[0]), Path.of(a[1]),
                FileApprovalGate.readKey(Path.of(a[2])), Clock.systemUTC(), Duration.ofMinutes(15));
        List<String> argv = Arrays.asList(a).subList(5, a.length);
        ApprovalGate.Outcome o = gate.check(new ApprovalGate.Request(argv, a[4], "git.push.protected",
                "pushing to protected branch main", a[3]));
        System.out.println("approved=" + o.approved());
        System.out.println("id=" + o.requestId().orElse(""));
        System.out.println("message=" + o.message());
        System.exit(o.approved() ? 0 : 3);
    }
}

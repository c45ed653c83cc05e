import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import java.util.List;

/** In-process cost of one verdict (no I/O): run with java -cp scc-safety/target/classes bench/safety/EngineBench.java */
public class EngineBench {
    public static void main(String[] args) {
        SafetyEngine e = new SafetyEngine(SafetyPolicy.defaults("bench"));
        String[][] cases = {
            {"line: git status", "git status"},
            {"line: git push --force origin main", "git push --force origin main"},
            {"line: 5-segment compound", "cd repo && git fetch origin && git status; bash -c 'git log -1' | tee log.txt && echo done"},
            {"line: commit with heredoc message", "git commit -m \"$(cat <<'EOF'\nfix: retry; curl timeout\n\nbody\nEOF\n)\""},
        };
        List<String> argv = List.of("git", "push", "--force", "origin", "main");
        for (int round = 0; round < 2; round++) {
            for (String[] c : cases) {
                long n = 200_000;
                long t0 = System.nanoTime();
                for (long i = 0; i < n; i++) {
                    e.evaluateLine(c[1]);
                }
                long t1 = System.nanoTime();
                if (round == 1) {
                    System.out.printf("%-40s %8.2f us/verdict%n", c[0], (t1 - t0) / 1e3 / n);
                }
            }
            long n = 200_000;
            long t0 = System.nanoTime();
            for (long i = 0; i < n; i++) {
                e.evaluateArgv(argv);
            }
            long t1 = System.nanoTime();
            if (round == 1) {
                System.out.printf("%-40s %8.2f us/verdict%n", "argv: git push --force origin main", (t1 - t0) / 1e3 / n);
            }
        }
    }
}

import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Worst-case analysis time (issue 13, goal: any line up to the cap in <= 50 ms), side by side with ordinary lines in
 * the same run: adversarial lines built to be slow (nesting, fallbacks, expansion, many commands, long words) at the
 * size cap, each judged ROUNDS times after warm-up; median and max per line.
 * Run: java -XX:+UseSerialGC -Xmx64m -cp scc-safety/target/classes bench/safety/WorstCaseBench.java [ROUNDS]
 */
public class WorstCaseBench {
    static final int CAP = dev.scc.safety.internal.shell.ShellParser.MAX_CHARS - 64;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        SafetyEngine e = new SafetyEngine(SafetyPolicy.defaults("bench"));
        Map<String, String> ordinary = new LinkedHashMap<>();
        ordinary.put("git status", "git status");
        ordinary.put("git push --force origin main", "git push --force origin main");
        ordinary.put("5-segment compound", "cd repo && git fetch origin && git status; bash -c 'git log -1' | tee log.txt && echo done");
        ordinary.put("commit with heredoc message", "git commit -m \"$(cat <<'EOF'\nfix: retry; curl timeout\n\nbody\nEOF\n)\"");
        ordinary.put("curl with options", "curl -fsSL --retry 3 -H 'Accept: application/json' -o out.json https://github.com/x");
        Map<String, String> adversarial = new LinkedHashMap<>();
        adversarial.put("nested $(( )) x12", "echo " + "$(( 1 + ".repeat(12) + "1" + " ))".repeat(12) + fill(" x", CAP - 200));
        adversarial.put("nested (( )) x12", "(( " + "$(( 1 + ".repeat(11) + "1" + " ))".repeat(11) + " ))" + fill(" ;x", CAP - 200));
        adversarial.put("unclosed $(( ( fallbacks", "echo " + "$(( (".repeat(12) + "x" + ") )".repeat(12) + fill(" y", CAP - 200));
        adversarial.put("(( fallbacks, unclosed", "((" + "(".repeat(20) + fill(" y", CAP - 100));
        adversarial.put("nested $( ) x23", "echo " + "$(".repeat(23) + fill("x ", CAP - 100) + ")".repeat(23));
        adversarial.put("nested backticks", "echo `echo \\`echo \\\\\\`git status\\\\\\`\\`` " + fill(" z", CAP - 200));
        adversarial.put("2048 commands", fill("git status; ", 2047 * 12));
        adversarial.put("over the command cap", fill("git status; ", CAP));
        adversarial.put("one word up to the cap", "git push origin " + "a".repeat(CAP - 20));
        adversarial.put("32k words", "git push " + fill("-v ", CAP - 20));
        adversarial.put("quoted words", "echo " + fill("'a'\"b\"$'c' ", CAP - 10));
        adversarial.put("dq with substitutions", "echo \"" + fill("$(a) ", CAP - 10) + "\"");
        adversarial.put("unquoted heredoc", "cat <<EOF\n" + fill("line $HOME `x` $(y)\n", CAP - 20) + "EOF\n");
        adversarial.put("heredoc to bash", "bash <<EOF\n" + fill("git status\n", 2000 * 11) + "EOF\n");
        adversarial.put("bash -c chain x20", "bash -c " + "\"eval ".repeat(1) + "eval ".repeat(18) + "git status" + "\"" + fill(" ;:", CAP - 300));
        adversarial.put("brace expansion bomb", "git push " + "{a,b}".repeat(10) + fill(" x", CAP - 200));
        adversarial.put("brace sequence", "git push {1..1000} " + fill(" x", CAP - 100));
        adversarial.put("printf | sh", "printf '" + fill("\\x67it status\\n", CAP - 40) + "' | sh");
        adversarial.put("case arms", "case x in " + fill("a) b;; ", CAP - 20) + "esac");
        adversarial.put("ssh -o spam", "ssh " + fill("-o 'User x' ", CAP - 20) + " github.com");
        adversarial.put("curl option spam", "curl " + fill("--retry 2 -H 'X: y' ", CAP - 40) + " https://github.com/");
        adversarial.put("git -c spam", "git " + fill("-c a.b=c ", CAP - 20) + " push origin main");
        adversarial.put("ansi-c escapes", "echo $'" + fill("\\x41\\u00e9\\101", CAP - 10) + "'");
        adversarial.put("assignments", fill("A=$(b)$((c)) ", CAP));
        adversarial.put("glob command names", fill("/usr/*/g?t status; ", 1000 * 19));
        adversarial.put("find -exec", "find . " + fill("-exec git status {} + ", CAP - 20));

        for (int warm = 0; warm < 3; warm++) {
            for (String l : ordinary.values()) {
                time(e, l, 2000);
            }
            for (String l : adversarial.values()) {
                time(e, l, 2);
            }
        }
        System.out.printf("# scc-safety worst-case analysis: %d cores, %s, %s, rounds %d, load %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"), rounds, load());
        System.out.printf("%-40s %7s %10s %10s %10s %10s  %s%n", "line", "chars", "wall_med", "wall_max", "cpu_med", "cpu_max",
                "verdict (times in ms)");
        List<Double> ordMedians = new ArrayList<>();
        for (var en : ordinary.entrySet()) {
            double[] t = time(e, en.getValue(), 2000);
            ordMedians.add(t[0]);
            System.out.printf("%-40s %7d %10.4f %10.4f %10.4f %10.4f  %s%n", "ordinary: " + en.getKey(), en.getValue().length(), t[0], t[1],
                    t[2], t[3], verdict(e, en.getValue()));
        }
        double worst = 0;
        double worstCpu = 0;
        for (var en : adversarial.entrySet()) {
            double[] t = time(e, en.getValue(), rounds);
            worst = Math.max(worst, t[1]);
            worstCpu = Math.max(worstCpu, t[3]);
            System.out.printf("%-40s %7d %10.3f %10.3f %10.3f %10.3f  %s%n", "adversarial: " + en.getKey(), en.getValue().length(), t[0], t[1],
                    t[2], t[3], verdict(e, en.getValue()));
        }
        double[] om = ordMedians.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(om);
        System.out.printf("# median ordinary line %.4f ms; worst adversarial line (max over rounds) %.2f ms wall, %.2f ms CPU; goal <= 50 ms%n",
                om[om.length / 2], worst, worstCpu);
    }

    static String verdict(SafetyEngine e, String l) {
        Verdict v = e.evaluateLine(l);
        return v.decision() + " " + v.rule().orElse("");
    }

    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /** Median and max wall time, median and max CPU time of this thread (the shared machine's load inflates wall time). */
    static double[] time(SafetyEngine e, String line, int n) {
        double[] ms = new double[n];
        double[] cpu = new double[n];
        for (int i = 0; i < n; i++) {
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            e.evaluateLine(line);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (CPU.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        return new double[] {ms[n / 2], ms[n - 1], cpu[n / 2], cpu[n - 1]};
    }

    static String fill(String unit, int n) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() + unit.length() <= n) {
            sb.append(unit);
        }
        return sb.toString();
    }

    static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException ex) {
            return "?";
        }
    }
}

package dev.scc.safety.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.safety.Decision;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyser against real bash: generated command lines hide a force push under quoting,
 * substitutions, compound commands, functions, here-documents and eval. bash runs each one with an
 * empty PATH and a {@code command_not_found_handle} that records every external command it would
 * have started (nothing real runs). Whenever bash would have run {@code git push -f}, the engine must
 * block the line.
 */
class BashDifferentialIT {
    private static final String[] CORE = {"git push -f", "git push --force", "g\\it push -f", "'git' push \"-f\"", "git push $'-f'",
        "git \"push\" -\"f\""};
    private static final String[] WRAP = {"(%s)", "{ %s; }", "echo $(%s)", "echo \"$(%s)\"", "echo `%s`", "true && %s", "false || %s",
        "true; %s", "ls | %s", "eval '%s'", "f() { %s; }; f", "if true; then %s; fi", "for i in 1; do %s; done",
        "case a in a) %s;; esac", "x=$(%s)", "echo ${u:-$(%s)}", ": <(%s)", "A=1 %s", "%s 2>&1", "%s >/dev/null", "echo '%s'",
        "echo \"%s\"", "# %s", "echo x # %s", "cat <<'E'\n%s\nE", "cat <<E\n$(%s)\nE", "[[ -n $(%s) ]]", "echo \"a; %s\"",
        "! %s", "while true; do %s; break; done", "echo hi |& %s", "%s &\nwait"};

    @TempDir
    Path dir;

    @Test
    void everyForcePushBashWouldRunIsBlocked() throws Exception {
        Path bash = Path.of("/bin/bash");
        RealParts.require(Files.isExecutable(bash), "needs /bin/bash");
        Path emptyBin = Files.createDirectories(dir.resolve("empty-bin"));
        SafetyEngine engine = new SafetyEngine(SafetyPolicy.defaults("test"));
        Random r = new Random(20260101);
        int ran = 0;
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String cmd = CORE[r.nextInt(CORE.length)];
            int layers = 1 + r.nextInt(3);
            for (int k = 0; k < layers; k++) {
                cmd = String.format(WRAP[r.nextInt(WRAP.length)], cmd);
            }
            Path log = dir.resolve("log-" + i);
            String prog = "command_not_found_handle() { printf '%s ' \"$@\" >> '" + log + "'; echo >> '" + log + "'; return 0; }\n" + cmd;
            ProcessBuilder pb = new ProcessBuilder(bash.toString(), "-c", prog).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().put("PATH", emptyBin.toString());
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                continue;
            }
            String calls = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            boolean forced = calls.lines().anyMatch(l -> l.startsWith("git push -f ") || l.startsWith("git push --force "));
            if (forced) {
                ran++;
                Verdict v = engine.evaluateLine(cmd);
                if (v.decision() != Decision.BLOCK) {
                    misses.add(cmd + " -> " + v.reason());
                }
            }
        }
        assertThat(ran).as("generated lines where bash ran the force push").isGreaterThan(100);
        assertThat(misses).isEmpty();
    }
}

package dev.scc.policy.source.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host's {@code git} with an argument list (never a shell), no terminal prompts, a timeout, and the
 * output captured to a file (so a chatty git cannot block on a full pipe). Not API.
 */
public final class GitCli {
    private final String executable;
    private final Map<String, String> env;
    private final Duration timeout;

    /**
     * @param env the environment git runs with (the invocation's, so ssh agents and credential helpers work);
     *     {@code GIT_TERMINAL_PROMPT=0} is always added, and the JVM's {@code PATH} when {@code env} has none
     */
    public GitCli(String executable, Map<String, String> env, Duration timeout) {
        this.executable = executable;
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    /** A failed git run: exit status and the last lines of its output. */
    public static final class GitException extends Exception {
        private static final long serialVersionUID = 1L;

        public GitException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Runs {@code git args…} in {@code dir}; returns its output (stdout and stderr) on exit status 0. */
    public String run(Path dir, List<String> args) throws GitException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable);
        cmd.addAll(args);
        Path log = null;
        try {
            log = Files.createTempFile("scc-git-", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> e = pb.environment();
            e.clear();
            e.putAll(env);
            if (!e.containsKey("PATH") && System.getenv("PATH") != null) {
                e.put("PATH", System.getenv("PATH"));
            }
            e.put("GIT_TERMINAL_PROMPT", "0");
            // No askpass program either: a credential prompt must fail, not hang a launch.
            e.put("GIT_ASKPASS", "true");
            e.put("SSH_ASKPASS", "true");
            e.remove("GIT_DIR");
            e.remove("GIT_WORK_TREE");
            // Only the transports SCC accepts in a source URL, also for anything git follows on its own (redirects,
            // submodule URLs): never plain http, never ext:: (which runs a command). A stricter list of the user's wins.
            e.putIfAbsent("GIT_ALLOW_PROTOCOL", "https:ssh:file");
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new GitException("git " + args.get(0) + " did not finish within " + timeout.toSeconds() + "s", null);
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new GitException("git " + args.get(0) + " failed (exit " + p.exitValue() + "): " + tail(out), null);
            }
            return out;
        } catch (IOException e) {
            throw new GitException("cannot run '" + executable + "' (is git installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitException("interrupted while running git", e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private static String tail(String out) {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        String t = String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        return t.length() > 600 ? t.substring(t.length() - 600) : t;
    }
}

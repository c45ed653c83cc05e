package dev.scc.testkit;

import static org.assertj.core.api.Assertions.fail;

import dev.scc.testkit.model.FakeModelMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the pinned real agent CLIs (installed by {@code .ci/clients.sh}) against rendered files, offline.
 *
 * <p>Every run is in a fresh network namespace ({@code unshare -n}: no interface but a down loopback, so nothing can
 * leave the machine) with a clean environment. When a rendered root is given, its {@code etc/} is overlaid on the
 * real {@code /etc} inside a private mount namespace, so the CLI reads the rendered {@code /etc/claude-code} and
 * {@code /etc/codex} at their real paths while the host's {@code /etc} is untouched. Both need root (CI runs as
 * root). A missing CLI or a missing {@code unshare} is a test failure, never a skip.
 */
public final class NativeCli {
    /** The install prefix {@code .ci/clients.sh} uses when {@code SCC_CLIENTS_DIR} is unset. */
    public static final Path DEFAULT_DIR = Path.of("/opt/scc-clients");

    private NativeCli() {}

    /** What a run printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + "\n" + stderr;
        }
    }

    /** The CLI's executable, or a failure that says how to install it. */
    public static Path bin(String name) {
        String dir = System.getenv("SCC_CLIENTS_DIR");
        Path p = (dir == null || dir.isBlank() ? DEFAULT_DIR : Path.of(dir)).resolve("node_modules/.bin").resolve(name);
        if (!Files.isExecutable(p)) {
            fail("the pinned '" + name + "' CLI is not installed at " + p + ": run .ci/clients.sh (or set SCC_CLIENTS_DIR)");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/unshare")) || !"root".equals(System.getProperty("user.name"))) {
            fail("running '" + name + "' offline needs /usr/bin/unshare and root (for a private network and mount namespace)");
        }
        return p;
    }

    /**
     * Runs {@code argv} (argv[0] = CLI name) in {@code cwd}, with {@code home} as HOME, {@code renderedRoot}'s
     * {@code etc} overlaid on {@code /etc} when non-null (and its {@code opt}, if any, on {@code /opt}), and
     * {@code env} added to a minimal environment.
     */
    public static Result run(Path renderedRoot, Path cwd, Path home, Map<String, String> env, String... argv) {
        return run(renderedRoot, cwd, home, env, Optional.empty(), argv);
    }

    /** A scripted model API to run beside the CLI: {@link FakeModelMain} {@code kind} on {@code 127.0.0.1:port}. */
    public record Model(String kind, int port, Path dataDir) {}

    /**
     * Like {@link #run(Path, Path, Path, Map, String...)}, with a scripted model API listening on
     * {@code 127.0.0.1:PORT} inside the same offline namespace (its loopback brought up): {@link FakeModelMain}
     * started from this JVM's testkit and Jackson classes, answering from {@code dataDir/script.txt} and recording
     * into {@code dataDir/requests.jsonl}. The namespace has its own process tree, so the model dies with the run.
     */
    public static Result runWithModel(Path renderedRoot, Path cwd, Path home, Map<String, String> env, Model model,
            String... argv) {
        return run(renderedRoot, cwd, home, env, Optional.of(model), argv);
    }

    private static Result run(Path renderedRoot, Path cwd, Path home, Map<String, String> env, Optional<Model> model,
            String... argv) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/unshare", "-n"));
        StringBuilder script = new StringBuilder();
        if (renderedRoot != null) {
            cmd.add(1, "-m");
            // The rendered root's opt (materialised plugin marketplaces) over /opt too, when there is one.
            script.append("mount -t overlay overlay -o \"lowerdir=$SCC_ETC:/etc\" /etc && ")
                    .append(Files.isDirectory(renderedRoot.resolve("opt"))
                            ? "mount -t overlay overlay -o \"lowerdir=$SCC_OPT:/opt\" /opt && " : "");
        }
        if (model.isPresent()) {
            // A pid namespace whose init is this shell: the model cannot outlive the run, even a killed one.
            cmd.addAll(1, List.of("-p", "--kill-child", "--mount-proc"));
            script.append("ip link set lo up && { \"$SCC_JAVA\" -cp \"$SCC_MODEL_CP\" ").append(FakeModelMain.class.getName())
                    .append(" \"$SCC_MODEL_KIND\" \"$SCC_MODEL_PORT\" \"$SCC_MODEL_DATA\" >\"$SCC_MODEL_DATA/fake-model.log\" 2>&1 & }"
                            + " && n=0 && until grep -q '").append(FakeModelMain.READY)
                    .append("' \"$SCC_MODEL_DATA/fake-model.log\"; do n=$((n+1));"
                            + " if [ $n -gt 600 ]; then echo 'the scripted model did not start' >&2; exit 97; fi; sleep 0.1; done"
                            + " && cd \"$SCC_CWD\" && \"$@\"");
        } else {
            script.append("cd \"$SCC_CWD\" && exec \"$@\"");
        }
        cmd.addAll(List.of("/bin/sh", "-c", script.toString(), "sh", bin(argv[0]).toString()));
        cmd.addAll(List.of(argv).subList(1, argv.length));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        e.clear();
        e.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        e.put("HOME", home.toString());
        e.put("SCC_CWD", cwd.toString());
        e.put("LANG", "C.UTF-8");
        // Belt and braces next to the network namespace: the CLIs' own switches for background traffic.
        e.put("DISABLE_AUTOUPDATER", "1");
        e.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        e.put("DISABLE_TELEMETRY", "1");
        if (renderedRoot != null) {
            e.put("SCC_ETC", renderedRoot.resolve("etc").toString());
            e.put("SCC_OPT", renderedRoot.resolve("opt").toString());
        }
        model.ifPresent(m -> {
            e.put("SCC_JAVA", ProcessHandle.current().info().command().orElse("java"));
            e.put("SCC_MODEL_CP", classpathOf(FakeModelMain.class, com.fasterxml.jackson.databind.ObjectMapper.class,
                    com.fasterxml.jackson.core.JsonFactory.class, com.fasterxml.jackson.annotation.JsonProperty.class));
            e.put("SCC_MODEL_KIND", m.kind());
            e.put("SCC_MODEL_PORT", Integer.toString(m.port()));
            e.put("SCC_MODEL_DATA", m.dataDir().toString());
        });
        e.putAll(env);
        try {
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", argv) + " did not finish within 180 s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e1) {
            throw new java.io.UncheckedIOException(e1);
        } catch (InterruptedException e2) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e2);
        }
    }

    private static String classpathOf(Class<?>... classes) {
        StringBuilder cp = new StringBuilder();
        for (Class<?> c : classes) {
            try {
                cp.append(cp.length() == 0 ? "" : java.io.File.pathSeparator)
                        .append(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (java.net.URISyntaxException ex) {
                throw new IllegalStateException("cannot locate the classes of " + c.getName(), ex);
            }
        }
        return cp.toString();
    }

    private static String drain(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}

package dev.scc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The launcher's AppCDS training run: one JVM that walks the paths most commands take, so the archive it leaves
 * holds their classes (a JVM archives only what it loaded). It reads the bundled example org and writes only into a
 * temporary directory; Docker is pointed at a socket that does not exist, so the runtime's classes load and the
 * first call fails at once. Never run by users: {@code scc} invokes it with {@code -XX:ArchiveClassesAtExit}.
 *
 * <p>Usage: {@code java -cp scc-cli.jar dev.scc.cli.CdsTraining EXAMPLES_DIR}
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        Path examples = Path.of(args.length > 0 ? args[0] : "examples").toAbsolutePath();
        Path tmp = Files.createTempDirectory("scc-cds-training-");
        try {
            Map<String, String> env = Map.of("HOME", tmp.toString(), "XDG_CONFIG_HOME", tmp.resolve("config").toString(),
                    "XDG_CACHE_HOME", tmp.resolve("cache").toString(), "XDG_STATE_HOME", tmp.resolve("state").toString(),
                    "DOCKER_HOST", "unix://" + tmp.resolve("no-docker.sock"));
            String org = examples.resolve("org.yaml").toString();
            String ws = examples.resolve("workspace").toString();
            List<List<String>> runs = new java.util.ArrayList<>(List.of(
                    List.of("--help"),
                    List.of("start", "--help"),
                    List.of("config", "explain", "--org", org, "--team", "backend", "--workspace", ws, "--json"),
                    List.of("config", "explain", "--org", org, "--team", "backend", "--workspace", ws)));
            // Every installed provider's render and dry run, alternating text and JSON output as the two built-in ones did.
            boolean json = true;
            for (String p : dev.scc.core.spi.AgentProviderRegistry.load().ids()) {
                List<String> render = new java.util.ArrayList<>(List.of("render", "--org", org, "--team", "backend",
                        "--provider", p, "--root", tmp.resolve(p).toString()));
                List<String> start = new java.util.ArrayList<>(List.of("start", "--dry-run", "--org", org, "--team",
                        "backend", "--provider", p, ws));
                (json ? render : start).add(2, "--json");
                runs.add(render);
                runs.add(start);
                json = !json;
            }
            runs.add(List.of("sessions", "--json"));
            runs.add(List.of("org", "status"));
            for (List<String> run : runs) {
                PrintWriter discard = new PrintWriter(Writer.nullWriter());
                try {
                    Main.run(discard, discard, CliServices.forInvocation(env, Clock.systemUTC(), tmp, false),
                            run.toArray(String[]::new));
                } catch (RuntimeException e) {
                    // Training only loads classes; a failing path has loaded what it needs by then.
                }
            }
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

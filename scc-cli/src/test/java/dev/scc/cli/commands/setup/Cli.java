package dev.scc.cli.commands.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scc.cli.CliServices;
import dev.scc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Runs {@code scc} in-process on a temporary home (no terminal: tests never prompt) with a fixed clock and a
 * Docker socket that does not exist, so readiness output is the same on every machine.
 */
public record Cli(int exit, String out, String err) {
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Cli run(Path home, String... args) {
        return run(home, false, args);
    }

    /** As {@link #run(Path, String...)}, letting sources use plain HTTP on loopback (a test server). */
    public static Cli runWithLoopbackHttp(Path home, String... args) {
        return run(home, true, args);
    }

    private static Cli run(Path home, boolean loopback, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliServices services = new CliServices(Map.of("USER", "tester", "DOCKER_HOST", "unix://" + home.resolve("no-docker.sock")),
                home, CLOCK);
        if (loopback) {
            services.allowLoopbackHttpForTests();
        }
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), services, args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** The parsed stdout. */
    public JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("stdout is not JSON:\n" + out + "\nstderr:\n" + err, e);
        }
    }

    /** The user config file under {@code home}. */
    public static Path userConfig(Path home) {
        return home.resolve(".config/scc/config.json");
    }

    /** The parsed user config under {@code home}. */
    public static JsonNode readUserConfig(Path home) throws IOException {
        return JSON.readTree(Files.readString(userConfig(home)));
    }

    /** An org with two teams: backend (claude, codex allowed) and frontend (claude only). */
    public static Path writeOrg(Path dir) throws IOException {
        Path org = dir.resolve("org.yaml");
        Files.writeString(org, """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                defaults:
                  enabled_plugins: ["base@corp"]
                  allowed_plugins: ["*@corp"]
                  network_policy: web-egress-enforced
                  allowed_providers: [claude, codex]
                marketplaces:
                  corp: {source: directory, path: /plugins}
                delegation:
                  teams: {allow_additional_plugins: ["backend"]}
                profiles:
                  backend:
                    description: Java services
                    additional_plugins: ["lint@corp"]
                  frontend:
                    description: Web apps
                    allowed_providers: [claude]
                """);
        return org;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}

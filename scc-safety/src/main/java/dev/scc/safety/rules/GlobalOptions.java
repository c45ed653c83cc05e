package dev.scc.safety.rules;

import java.util.Map;
import java.util.Set;

/**
 * The options of well-known tools that take their value as the next word and may stand between the program and its
 * subcommand words ({@code kubectl --context prod delete}, {@code git -C repo push}). Flags and {@code --opt=value}
 * words need no table: every word starting with {@code -} is skipped between subcommand words; this table only says
 * when the word after an option is its value and must be skipped too.
 */
final class GlobalOptions {
    private GlobalOptions() {}

    private static final Set<String> KUBE = Set.of("--context", "--namespace", "-n", "--kubeconfig", "--cluster", "--user",
            "-s", "--server", "--token", "--as", "--as-group", "--as-uid", "--request-timeout", "--certificate-authority",
            "--client-certificate", "--client-key", "--tls-server-name", "--cache-dir", "-v", "--v", "-l", "--selector");

    private static final Map<String, Set<String>> VALUE_OPTIONS = Map.ofEntries(
            Map.entry("git", Set.of("-C", "-c", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env",
                    "--attr-source")),
            Map.entry("kubectl", KUBE),
            Map.entry("oc", KUBE),
            Map.entry("helm", Set.of("-n", "--namespace", "--kube-context", "--kubeconfig", "--kube-apiserver", "--kube-token",
                    "--kube-as-user", "--kube-as-group", "--kube-ca-file", "--registry-config", "--repository-cache",
                    "--repository-config", "--burst-limit")),
            Map.entry("docker", Set.of("-H", "--host", "-c", "--context", "--config", "-l", "--log-level", "--tlscacert",
                    "--tlscert", "--tlskey")),
            Map.entry("podman", Set.of("--url", "-c", "--connection", "--root", "--runroot", "--log-level", "--storage-driver")),
            Map.entry("npm", Set.of("--prefix", "--registry", "-w", "--workspace", "--userconfig", "--globalconfig", "--cache",
                    "--loglevel", "--otp", "--tag", "--access")),
            Map.entry("pnpm", Set.of("-C", "--dir", "--filter", "-F", "--registry", "-w")),
            Map.entry("yarn", Set.of("--cwd", "--registry")),
            Map.entry("aws", Set.of("--profile", "--region", "--output", "--endpoint-url", "--query", "--cli-read-timeout",
                    "--cli-connect-timeout", "--ca-bundle", "--color", "--cli-binary-format")),
            Map.entry("gcloud", Set.of("--project", "--account", "--configuration", "--format", "--verbosity",
                    "--impersonate-service-account", "--billing-project")),
            Map.entry("az", Set.of("--subscription", "--output", "-o", "--query")),
            Map.entry("terraform", Set.of()),
            Map.entry("tofu", Set.of()),
            Map.entry("pulumi", Set.of("-C", "--cwd", "-s", "--stack", "--color", "--tracing", "-v", "--verbose", "--config-file")),
            Map.entry("mvn", Set.of("-f", "--file", "-s", "--settings", "-gs", "--global-settings", "-P", "--activate-profiles",
                    "-pl", "--projects", "-T", "--threads", "-rf", "--resume-from", "-l", "--log-file", "-t", "--toolchains",
                    "-b", "--builder", "-D", "--define")),
            Map.entry("gradle", Set.of("-p", "--project-dir", "-b", "--build-file", "-c", "--settings-file", "-D",
                    "--system-prop", "-P", "--project-prop", "-x", "--exclude-task", "-I", "--init-script")));

    /** True when {@code option} (without {@code =value}) of {@code program} takes the next word as its value. */
    static boolean takesValue(String program, String option) {
        Set<String> s = VALUE_OPTIONS.get(program);
        return s != null && s.contains(option);
    }

    /** True when SCC knows the global options of {@code program}. */
    static boolean known(String program) {
        return VALUE_OPTIONS.containsKey(program);
    }
}

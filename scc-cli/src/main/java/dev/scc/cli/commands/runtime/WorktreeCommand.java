package dev.scc.cli.commands.runtime;

import dev.scc.core.SccException.Kind;
import dev.scc.core.SccException;
import dev.scc.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scc worktree REPO create|enter|list|remove [NAME]}: one git worktree per parallel agent, on branch
 * {@code scc/NAME}, at {@code <repo-parent>/<repo>-worktrees/NAME}. Plain git; no engine involved.
 */
@Command(name = "worktree", mixinStandardHelpOptions = true,
        description = "Git worktrees on scc/<name> branches for parallel sessions.")
public final class WorktreeCommand implements java.util.concurrent.Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    /** The four actions. */
    public enum Action { create, enter, list, remove }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REPO", description = "The main repository.")
    Path repo;

    @Parameters(index = "1", paramLabel = "ACTION", description = "create, enter, list or remove.")
    Action action;

    @Parameters(index = "2", arity = "0..1", paramLabel = "NAME")
    String name;

    @Option(names = "--base", description = "Start point of the new branch (default: the repository's HEAD).")
    String base;

    @Option(names = "--force", description = "remove: discard uncommitted changes in the worktree.")
    boolean force;

    @Option(names = "--print", description = "enter: print the path instead of opening a shell there.")
    boolean print;

    private String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new SccException(Kind.FAILED, "git " + String.join(" ", args) + " failed: " + out, "");
            }
            return out;
        } catch (IOException e) {
            throw new SccException(Kind.UNAVAILABLE, "cannot run git: " + e.getMessage() + " (fix: install git)", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SccException(Kind.CANCELLED, "interrupted", "");
        }
    }

    private Path toplevel() {
        if (!Files.isDirectory(repo)) {
            throw new SccException(Kind.NOT_FOUND, repo + " is not a directory", "");
        }
        try {
            return Path.of(git(repo.toAbsolutePath(), "rev-parse", "--show-toplevel"));
        } catch (SccException e) {
            throw new SccException(Kind.NOT_FOUND, repo + " is not a git repository (fix: pass the repository's directory)", "");
        }
    }

    private String requireName() {
        if (name == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), action + " needs a NAME");
        }
        if (!NAME.matcher(name).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid worktree name '" + name
                    + "': lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return name;
    }

    static Path worktreePath(Path top, String n) {
        return top.getParent().resolve(top.getFileName() + "-worktrees").resolve(n);
    }

    /** scc worktrees of the repository: name to path, from git's porcelain listing. */
    Map<String, Path> worktrees(Path top) {
        Map<String, Path> m = new java.util.TreeMap<>();
        Path current = null;
        for (String line : git(top, "worktree", "list", "--porcelain").lines().toList()) {
            if (line.startsWith("worktree ")) {
                current = Path.of(line.substring("worktree ".length()));
            } else if (line.startsWith("branch refs/heads/scc/") && current != null) {
                m.put(line.substring("branch refs/heads/scc/".length()), current);
            }
        }
        return m;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path top = toplevel();
        switch (action) {
            case list -> {
                Map<String, Path> wts = worktrees(top);
                if (wts.isEmpty()) {
                    out.println("no scc worktrees in " + top);
                }
                wts.forEach((n, p) -> out.printf("%-20s scc/%-20s %s%n", n, n, p));
            }
            case create -> {
                String n = requireName();
                Path path = worktreePath(top, n);
                if (Files.exists(path)) {
                    throw new SccException(Kind.FAILED, path + " already exists (fix: pick another name or remove it)", "");
                }
                List<String> args = new ArrayList<>(List.of("worktree", "add", "-b", "scc/" + n, path.toString()));
                if (base != null) {
                    args.add(base);
                }
                git(top, args.toArray(String[]::new));
                out.println("created " + path + " on branch scc/" + n);
            }
            case enter -> {
                String n = requireName();
                Path path = worktrees(top).get(n);
                if (path == null) {
                    throw new SccException(Kind.NOT_FOUND, "no scc worktree '" + n + "' in " + top + " (fix: scc worktree " + repo
                            + " create " + n + ")", "");
                }
                if (print) {
                    out.println(path);
                } else {
                    out.flush();
                    return shell(path, n);
                }
            }
            case remove -> {
                String n = requireName();
                Path path = worktrees(top).get(n);
                if (path == null) {
                    throw new SccException(Kind.NOT_FOUND, "no scc worktree '" + n + "' in " + top, "");
                }
                if (force) {
                    git(top, "worktree", "remove", "--force", path.toString());
                } else {
                    git(top, "worktree", "remove", path.toString());
                }
                try {
                    git(top, "branch", "-d", "scc/" + n);
                    out.println("removed " + path + " and branch scc/" + n);
                } catch (SccException e) {
                    out.println("removed " + path + "; branch scc/" + n + " kept (not merged)");
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static int shell(Path dir, String n) {
        String sh = System.getenv().getOrDefault("SHELL", "/bin/sh");
        ProcessBuilder pb = new ProcessBuilder(sh).directory(dir.toFile()).inheritIO();
        pb.environment().put("SCC_WORKTREE", n);
        try {
            return pb.start().waitFor();
        } catch (IOException e) {
            throw new SccException(Kind.FAILED, "cannot start " + sh + ": " + e.getMessage(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.CANCELLED;
        }
    }
}

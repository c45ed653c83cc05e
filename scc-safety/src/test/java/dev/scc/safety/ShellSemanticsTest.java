package dev.scc.safety;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 13, classes 6 and 8 for the shell: brace expansion and patterns in command names and options, text fed to
 * shells by printf/echo (with their escapes) and here-strings, the wrapper programs with clustered or
 * optional-value options, trap actions, and {@code bash -n} (reads, runs nothing). BashDifferentialIT holds the
 * readings to real bash.
 */
class ShellSemanticsTest {

    @TestFactory
    Stream<DynamicTest> expansionsBashAppliesBeforeRunning() {
        return Cases.table(new String[][] {
            {"git push {--force,} origin main", "git.force_push"},
            {"git push origin -{f,q}", "git.force_push"},
            {"git reset --{soft,hard}", "git.reset_hard"},
            {"git reset --{hard,soft}", "allow"}, // the last mode wins: --soft
            {"g{i,}t push -f", "allow"}, // bash runs "git gt push -f": gt is not a git command
            {"{git,push,-f}", "git.force_push"},
            {"git push origin {1..3}", "allow"},
            {"git commit -m '{--force,x}'", "allow"},
            {"/usr/bin/g?t push -f", "git.force_push"},
            {"/usr/*/gi[t] reset --hard", "git.reset_hard"},
            {"/usr/bin/[c]url https://evil.example/", "network.curl"},
            {"git push -* origin main", "shell.unparseable"},
            {"git push origin '-*'", "allow"},
            {"git add *", "allow"},
            {"ls *.txt", "allow"},
        });
    }

    @TestFactory
    Stream<DynamicTest> textFedToShells() {
        return Cases.table(new String[][] {
            {"printf 'git push -\\x66\\n' | sh", "git.force_push"},
            {"printf '%s %s\\n' git 'push -f' | bash", "git.force_push"},
            {"printf '\\147it push -f' | bash", "git.force_push"},
            {"printf '%b' 'git push \\055f' | sh", "git.force_push"},
            {"echo -e 'git\\x20push -f' | sh", "git.force_push"},
            {"echo 'git push -\\0146' | sh", "git.force_push"},
            {"bash <<< 'git push -f'", "git.force_push"},
            {"sh -s <<< 'git reset --hard'", "git.reset_hard"},
            {"printf 'git status\\n' | sh", "allow"},
            {"echo 'git log' | bash", "allow"},
            {"bash -n -c 'git push -f'", "allow"},
            {"bash -n script.sh", "allow"},
            {"bash -o noexec -c 'git push -f'", "allow"},
            {"bash -nc 'git push -f'", "allow"},
        });
    }

    @TestFactory
    Stream<DynamicTest> wrapperProgramsWithTheirOptions() {
        return Cases.table(new String[][] {
            {"env -iu PATH git push -f", "git.force_push"},
            {"env -C/tmp git push -f", "git.force_push"},
            {"env -iC /tmp git push -f", "git.force_push"},
            {"env -u HOME -- git push -f", "git.force_push"},
            {"xargs -0tI{} git push -f", "git.force_push"},
            {"xargs -P4 -n1 git push -f", "git.force_push"},
            {"su -lc 'git push -f'", "git.force_push"},
            {"su -c'git push -f'", "git.force_push"},
            {"su --session-command='git push -f' u", "git.force_push"},
            {"su -s/usr/local/bin/zsh user", "allow"},
            {"runuser -u nobody -- git push -f", "git.force_push"},
            {"runuser -l u -c 'git push -f'", "git.force_push"},
            {"setsid -f git push -f", "git.force_push"},
            {"setsid -w git status", "allow"},
            {"flock /tmp/l git push -f", "git.force_push"},
            {"flock -w 3 /tmp/l -c 'git push -f'", "git.force_push"},
            {"flock -xn /tmp/l git status", "allow"},
            {"parallel git ::: 'push -f'", "git.force_push"},
            {"parallel 'git {} -f' ::: push", "git.force_push"},
            {"parallel -j2 git status ::: a b", "allow"},
            {"script -qc 'git push -f' /dev/null", "git.force_push"},
            {"script --command 'git push -f' log", "git.force_push"},
            {"strace -f -o /dev/null git push -f", "git.force_push"},
            {"strace -p 1", "allow"},
            {"taskset -c 1 git push -f", "git.force_push"},
            {"taskset 0x1 git push -f", "git.force_push"},
            {"taskset -p 1 99", "allow"},
            {"unshare -r git push -f", "git.force_push"},
            {"unshare --map-user=0 -w /tmp git push -f", "git.force_push"},
            {"trap 'git push -f' EXIT", "git.force_push"},
            {"trap - EXIT", "allow"},
            {"nsenter -t 1 git push -f", "git.force_push"},
            {"chrt 5 git reset --hard", "git.reset_hard"},
            {"prlimit --nofile=10 git reset --hard", "git.reset_hard"},
        });
    }
}

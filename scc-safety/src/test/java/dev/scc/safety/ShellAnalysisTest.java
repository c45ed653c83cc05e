package dev.scc.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The shell analyser: operators, quoting, substitutions, wrappers, recursion, and the lookalikes that must stay allowed. */
class ShellAnalysisTest {

    @TestFactory
    Stream<DynamicTest> dataThatLooksLikeACommandStaysAllowed() {
        return Cases.table(new String[][] {
            {"echo \"git push --force\"", "allow"},
            {"echo 'git reset --hard'", "allow"},
            {"git commit -m \"a; git push -f\"", "allow"},
            {"git commit -m \"wip; git push --force\"", "allow"},
            {"git commit -m \"fix: retry; curl timeout\"", "allow"},
            {"git commit -m \"don't\"", "allow"},
            {"grep reset --hard f", "allow"},
            {"grep -r 'git push -f' .", "allow"},
            {"echo curl https://evil.example", "allow"},
            {"printf '%s\\n' \"rm; git push -f\"", "allow"},
            {"# git push --force", "allow"},
            {"ls # git push --force", "allow"},
            {"echo hi #; git push -f", "allow"},
            {"echo a#b; git status", "allow"},
            {"git commit -F - <<'EOF'\nsubject; git push -f\n\nbody $(git reset --hard)\nEOF", "allow"},
            {"git commit -m \"$(cat <<'EOF'\nfix: x; git push --force\nEOF\n)\"", "allow"},
            {"cat > notes.md <<'EOF'\n`git reset --hard`\nEOF", "allow"},
            {"ssh-keygen -t ed25519", "allow"},
            {"curl-config --version", "allow"},
            {"command -v git", "allow"},
            {"type git", "allow"},
            {"x=(a b c); echo ${x[@]}", "allow"},
            {"[[ $a < b ]] && git status", "allow"},
            {"for f in *.txt; do echo $f; done", "allow"},
            {"if [ -f x ]; then git status; else git log; fi", "allow"},
            {"f() { git status; }; f", "allow"},
            {"echo $((1 + 2))", "allow"},
            {"bash script.sh", "allow"},
        });
    }

    /** Reference section 8 A: every tokenizer gap, closed. */
    @TestFactory
    Stream<DynamicTest> referenceTokenizerGapsAreClosed() {
        return Cases.table(new String[][] {
            {"FOO=1 git push --force", "git.force_push"},
            {"GIT_DIR=.git git reset --hard", "git.reset_hard"},
            {"(git reset --hard)", "git.reset_hard"},
            {"{ git reset --hard; }", "git.reset_hard"},
            {"echo $(git reset --hard)", "git.reset_hard"},
            {"echo \"$(git push -f)\"", "git.force_push"},
            {"echo `git reset --hard`", "git.reset_hard"},
            {"diff <(git reset --hard) x", "git.reset_hard"},
            {"echo $(( $(git reset --hard) + 1 ))", "git.reset_hard"},
            {"echo $((git push --force) || ls)", "git.force_push"},
            {"((git push --force) || ls)", "git.force_push"},
            {"echo ${x:-$(git push -f)}", "git.force_push"},
            {"git fetch & git reset --hard", "git.reset_hard"},
            {"git status |& git push -f", "git.force_push"},
            {"git status\ngit push --force", "git.force_push"},
            {"echo a#b; git push -f", "git.force_push"},
            {"ls # comment\ngit push -f", "git.force_push"},
            {"git status;git push -f", "git.force_push"},
            {"true && git push -f || true", "git.force_push"},
            {"bash -c \"git status; git push --force\"", "git.force_push"},
            {"bash -lc 'git push --force'", "git.force_push"},
            {"sh -ec 'git reset --hard'", "git.reset_hard"},
            {"zsh -xc 'git reset --hard'", "git.reset_hard"},
            {"bash --login -c 'git reset --hard'", "git.reset_hard"},
            {"bash -o pipefail -c 'git reset --hard'", "git.reset_hard"},
            {"exec git push -f", "git.force_push"},
            {"exec -a foo git push -f", "git.force_push"},
            {"eval 'git push -f'", "git.force_push"},
            {"eval git push -f", "git.force_push"},
            {"git branch --merged | xargs git branch -D", "git.branch_force_delete"},
            {"xargs -n1 -I{} git branch -D {}", "git.branch_force_delete"},
            {"timeout 5 git push -f", "git.force_push"},
            {"timeout -s KILL 5s git push -f", "git.force_push"},
            {"builtin command git push -f", "git.force_push"},
            {"command -- git push -f", "git.force_push"},
            {"command -p git push -f", "git.force_push"},
            {"time -p git push -f", "git.force_push"},
            {"env -C /tmp git push -f", "git.force_push"},
            {"env -S 'git push -f'", "git.force_push"},
            {"env -i PATH=/usr/bin git push -f", "git.force_push"},
            {"env -u HOME git push -f", "git.force_push"},
            {"sudo git push -f", "git.force_push"},
            {"sudo -u root -E git push -f", "git.force_push"},
            {"sudo --user=root git reset --hard", "git.reset_hard"},
            {"doas git reset --hard", "git.reset_hard"},
            {"nice -n 10 git push -f", "git.force_push"},
            {"nohup git push -f", "git.force_push"},
            {"stdbuf -oL git push -f", "git.force_push"},
            {"ionice -c3 git reset --hard", "git.reset_hard"},
            {"su -c 'git reset --hard' root", "git.reset_hard"},
            {"watch -n 1 git push -f", "git.force_push"},
            {"find . -name x -exec git reset --hard \\;", "git.reset_hard"},
            {"bash <<< 'git push --force'", "git.force_push"},
            {"bash <<EOF\ngit push --force\nEOF", "git.force_push"},
            {"sh -s <<'EOF'\ngit reset --hard\nEOF", "git.reset_hard"},
            {"echo 'git push --force' | sh", "git.force_push"},
            {"git push $'--force'", "git.force_push"},
            {"git push $'\\x2d\\x2dforce'", "git.force_push"},
            {"git push --force>/dev/null", "git.force_push"},
            {"git push -f 2>&1", "git.force_push"},
            {"\\git push --force", "git.force_push"},
            {"'git' push --force", "git.force_push"},
            {"g\"\"it push --force", "git.force_push"},
            {"g\\it push --force", "git.force_push"},
            {"git \"push\" \"--force\"", "git.force_push"},
            {"git reset --'hard'", "git.reset_hard"},
            {"git push -\"f\"", "git.force_push"},
            {"if true; then git push -f; fi", "git.force_push"},
            {"while true; do git reset --hard; done", "git.reset_hard"},
            {"for b in a b; do git branch -D $b; done", "git.branch_force_delete"},
            {"case x in x) git reset --hard;; esac", "git.reset_hard"},
            {"f() { git reset --hard; }; f", "git.reset_hard"},
            {"! git push -f", "git.force_push"},
            {"git status && sudo -u x env A=1 nice timeout 3 bash -c \"eval 'git push -f'\"", "git.force_push"},
            {"$GIT push --force", "git.force_push"},
            {"\"$(which git)\" reset --hard", "git.reset_hard"},
            {"git $SUB --hard", "git.reset_hard"},
        });
    }

    @Test
    void depthBeyondReferenceLimitIsStillAnalysed() {
        String cmd = "git push -f";
        for (int i = 0; i < 6; i++) {
            cmd = "bash -c " + shellQuote(cmd);
        }
        assertThat(Cases.line(cmd).rule()).contains("git.force_push");
    }

    @Test
    void nestingBeyondTheLimitIsBlockedNotIgnored() {
        String cmd = "git push -f";
        for (int i = 0; i < 40; i++) {
            cmd = "echo $(" + cmd + ")";
        }
        Verdict v = Cases.line(cmd);
        assertThat(v.decision()).isEqualTo(Decision.BLOCK);
        assertThat(v.rule()).contains("shell.unparseable");
        assertThat(v.reason()).contains("nested");
    }

    @TestFactory
    Stream<DynamicTest> textThatCannotBeAnalysedIsBlocked() {
        return Cases.table(new String[][] {
            {"git push -f origin main 'unterminated", "shell.unparseable"},
            {"echo \"unterminated", "shell.unparseable"},
            {"echo $(git status", "shell.unparseable"},
            {"echo `git status", "shell.unparseable"},
            {"ls )", "shell.unparseable"},
        });
    }

    @Test
    void anExactArgvIsNeverReparsedAsShell() {
        // the reference re-joined argv with spaces, so quoted operators became real ones (its section 6)
        Verdict v = Cases.DEFAULT.evaluateArgv(List.of("git", "commit", "-m", "wip; git push --force"));
        assertThat(v.decision()).isEqualTo(Decision.ALLOW);
        assertThat(Cases.DEFAULT.evaluateArgv(List.of("git", "commit", "-m", "don't")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(Cases.DEFAULT.evaluateArgv(List.of("/usr/bin/git", "push", "--force")).rule()).contains("git.force_push");
        assertThat(Cases.DEFAULT.evaluateArgv(List.of("git", "-c", "alias.x=push -f", "x")).rule()).contains("git.force_push");
    }

    @Test
    void verdictCarriesTheMatchedCommandAndReferenceStyleMessage() {
        Verdict v = Cases.line("git status && git push --force origin main");
        assertThat(v.command()).containsExactly("git", "push", "--force", "origin", "main");
        assertThat(v.reason()).isEqualTo("BLOCKED: Force push destroys remote history.\n\nSafe alternative: git push --force-with-lease");
        assertThat(v.commandFamily()).contains(CommandFamily.DESTRUCTIVE_GIT);
        assertThat(v.subcommand()).contains("push");
        assertThat(v.toJson()).contains("\"decision\":\"block\"", "\"rule\":\"git.force_push\"", "\"command_family\":\"destructive-git\"");
    }

    @Test
    void reasonSaysHowANestedCommandWasReached() {
        assertThat(Cases.line("bash -c 'git reset --hard'").reason()).contains("reached through bash -c");
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

package dev.scc.safety.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every form of the command pattern grammar, matched against analysed argv. */
class CommandPatternTest {

    private static boolean matches(String pattern, String line) {
        List<Action.Command> commands = RuleSet.commandsOf(line);
        CommandPattern p = CommandPattern.parse(pattern);
        return commands.stream().anyMatch(p::matches);
    }

    /** pattern, line, expected. */
    private static final String[][] ROWS = {
        // program by name whatever its path
        {"terraform destroy", "terraform destroy", "true"},
        {"terraform destroy", "/usr/local/bin/terraform destroy", "true"},
        {"terraform destroy", "./terraform destroy", "true"},
        {"terraform destroy", "terraform-wrapper destroy", "false"},
        // subcommand words in order, prefix semantics
        {"kubectl delete", "kubectl delete ns api", "true"},
        {"kubectl delete ns", "kubectl delete ns api", "true"},
        {"kubectl delete ns", "kubectl delete pod ns", "false"},
        {"kubectl delete", "kubectl get pods", "false"},
        {"git push", "git log push", "false"},
        {"terraform destroy", "terraform plan", "false"},
        {"terraform destroy", "terraform", "false"},
        // global options between the words
        {"terraform destroy", "terraform -chdir=infra destroy -auto-approve", "true"},
        {"kubectl delete", "kubectl --context prod delete ns api", "true"},
        {"kubectl delete", "kubectl -n prod delete ns api", "true"},
        {"kubectl delete", "kubectl --context=prod delete ns api", "true"},
        {"git push", "git -C /repo push origin main", "true"},
        {"git push", "git -c push.default=current push", "true"},
        {"helm uninstall", "helm --kube-context prod uninstall api", "true"},
        {"docker rm", "docker -H tcp://x:2375 rm c1", "true"},
        {"npm publish", "npm --registry https://r.example publish", "true"},
        {"aws s3 rb", "aws --profile prod s3 rb s3://bucket --force", "true"},
        {"aws s3 rb", "aws --region eu-west-1 --profile prod s3 rb s3://bucket", "true"},
        {"mvn deploy", "mvn -B -pl api deploy", "true"},
        {"pulumi destroy", "pulumi --cwd infra destroy --yes", "true"},
        {"terraform destroy", "terraform -- destroy", "true"},
        // an unknown tool's value option is not skipped: its value is taken for a word
        {"mytool delete", "mytool --target prod delete", "false"},
        {"mytool delete", "mytool --verbose delete", "true"},
        // * inside a word
        {"kubectl delete namespace*", "kubectl delete namespaces prod", "true"},
        {"kubectl delete n*s*", "kubectl delete ns prod", "true"},
        {"kubectl delete n*s*", "kubectl delete pod", "false"},
        {"terraform*", "terraform-1.9 destroy", "true"},
        {"git push origin *:main", "git push origin HEAD:main", "true"},
        {"git push *:main", "git push origin HEAD:main", "false"},
        // ** for any words
        {"git ** main", "git push origin main", "true"},
        {"git ** main", "git push origin dev", "false"},
        {"aws s3 **", "aws s3 rm s3://b/k", "true"},
        {"aws ** rb", "aws s3 rb s3://b", "true"},
        // options anywhere after the program, with or without =value
        {"terraform apply -destroy", "terraform apply -destroy", "true"},
        {"terraform apply -destroy", "terraform -chdir=x apply -auto-approve -destroy", "true"},
        {"terraform apply -destroy", "terraform apply -auto-approve", "false"},
        {"kubectl apply --context prod*", "kubectl apply -f deploy.yaml --context prod-eu", "true"},
        {"kubectl apply --context prod*", "kubectl --context=prod-eu apply -f x.yaml", "true"},
        {"kubectl apply --context prod*", "kubectl apply --context staging -f x.yaml", "false"},
        {"git push --force", "git push origin main --force", "true"},
        {"git push --force", "git push origin main -- --force", "false"},
        {"aws s3 rb --force", "aws s3 rb s3://bucket --force", "true"},
        // through the wrappers the analyser peels
        {"terraform destroy", "cd infra && terraform destroy -auto-approve", "true"},
        {"terraform destroy", "env TF_LOG=1 terraform destroy", "true"},
        {"terraform destroy", "TF_LOG=1 terraform destroy", "true"},
        {"terraform destroy", "sh -c 'terraform destroy'", "true"},
        {"terraform destroy", "bash -c \"cd infra; terraform destroy\"", "true"},
        {"terraform destroy", "sudo terraform destroy", "true"},
        {"terraform destroy", "nohup terraform destroy", "true"},
        {"terraform destroy", "timeout 60 terraform destroy", "true"},
        {"terraform destroy", "xargs terraform destroy < /dev/null", "true"},
        {"terraform destroy", "echo ok | terraform destroy", "true"},
        {"terraform destroy", "echo terraform destroy", "false"},
        {"kubectl delete", "(cd k8s && kubectl --context prod delete ns api)", "true"},
    };

    @TestFactory
    Stream<DynamicTest> everyPatternFormMatchesAsAReaderExpects() {
        return Arrays.stream(ROWS).map(r -> DynamicTest.dynamicTest(r[0] + (r[2].equals("true") ? " matches " : " does not match ") + r[1],
                () -> assertThat(matches(r[0], r[1])).as(r[0] + " vs " + r[1]).isEqualTo(Boolean.parseBoolean(r[2]))));
    }

    @Test
    void aProgramWithAPathCanNeverMatchAndIsRefused() {
        assertThatThrownBy(() -> CommandPattern.parse("/usr/bin/terraform destroy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("can never match").hasMessageContaining("write \"terraform\"");
    }

    @Test
    void aPatternMustStartWithAProgram() {
        assertThatThrownBy(() -> CommandPattern.parse("--force")).hasMessageContaining("must start with a program name");
        assertThatThrownBy(() -> CommandPattern.parse("** destroy")).hasMessageContaining("must start with a program name");
        assertThatThrownBy(() -> CommandPattern.parse("  ")).hasMessageContaining("empty");
    }

    @Test
    void aWordAfterAnOptionsValueCanNeverMatchAsMeant() {
        assertThatThrownBy(() -> CommandPattern.parse("git push --force origin main"))
                .hasMessageContaining("put subcommand words before options");
    }

    @Test
    void literalProgramNamesTheWrapperToInstall() {
        assertThat(CommandPattern.parse("terraform destroy").literalProgram()).contains("terraform");
        assertThat(CommandPattern.parse("terra* destroy").literalProgram()).isEmpty();
    }

    @Test
    void manyDoubleStarsStayFastOnLongCommands() {
        CommandPattern p = CommandPattern.parse("x ** a ** a ** a ** a ** b");
        List<String> argv = new java.util.ArrayList<>(List.of("x"));
        for (int i = 0; i < 2000; i++) {
            argv.add("a");
        }
        // with the memo this is polynomial; without it, it would not finish
        assertThat(p.matches(argv)).isFalse();
        argv.add("b");
        assertThat(p.matches(argv)).isTrue();
    }
}

package dev.scc.safety.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The formats that once reached the audit log, and a corpus of real-looking key formats (made-up values in each
 * provider's documented shape), in the contexts they are typed in.
 */
class RedactorCorpusTest {
    final Redactor r = new Redactor();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "OPENAI_API_KEY=plainvalue123 codex | plainvalue123",
        "export GITLAB_TOKEN=abcdefplain42 | abcdefplain42",
        "DB_PASSWORD='hunter2hunter2' ./run | hunter2hunter2",
        "env MY_CLIENT_SECRET=zz9plural ./x | zz9plural",
        "{\"STRIPE_API_KEY\": \"plainjsonvalue\"} | plainjsonvalue",
        "mysql -uroot -pS3cretPass db | S3cretPass",
        "mysqldump -u admin -pDumpPass1 shop | DumpPass1",
        "curl -u user:pa55word https://h | pa55word",
        "curl -u 'user:quoted55' https://h | quoted55",
        "curl -uuser:glued55 https://h | glued55",
        "curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U' h | dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "echo eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U | eyJzdWIiOiIxMjM0NTY3ODkwIn0",
        "curl https://maps.example/api?q=x&key=AIzaSyA1bCdEfGhIjKlMnOpQrStUvWxYz012345 | AIzaSyA1bCdEfGhIjKlMnOpQrStUvWxYz012345",
        "gcloud --key AIzaSyA1bCdEfGhIjKlMnOpQrStUvWxYz012345 | AIzaSyA1bCdEfGhIjKlMnOpQrStUvWxYz012345",
        "stripe charges --api-key sk_live_51HxYzAbCdEfGhIjKlMn | sk_live_51HxYzAbCdEfGhIjKlMn",
        "echo rk_live_51HxYzAbCdEfGhIjKlMn | rk_live_51HxYzAbCdEfGhIjKlMn",
        "token: plainyamlvalue | plainyamlvalue",
        "password: 'yamlpass77' | yamlpass77",
        "wget --header=X-Api-Key:headerkey123 https://h | headerkey123",
        "curl --header 'X-Api-Key: headerkey456' https://h | headerkey456",
        "curl -H 'x-api-key: lowerkey789' https://h | lowerkey789",
        "curl 'https://h/v1?key=querykey111&x=1' | querykey111",
        "curl https://h/cb?code=oauthcode222 | oauthcode222",
        "curl 'https://s3.example/o?X-Amz-Signature=abcdef0123456789' | abcdef0123456789",
        "git clone https://oauth2:glpat-AbCdEfGhIjKlMnOpQrSt@gitlab.com/g/r | glpat-AbCdEfGhIjKlMnOpQrSt",
        "echo glpat-AbCdEfGhIjKlMnOpQrSt | glpat-AbCdEfGhIjKlMnOpQrSt",
        "npm config set //registry.npmjs.org/:_authToken npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123 | npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123",
        "twine upload -p pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdo | pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdo",
        "huggingface-cli login --token hf_AbCdEfGhIjKlMnOpQrStUvWxYz | hf_AbCdEfGhIjKlMnOpQrStUvWxYz",
        "echo SG.AbCdEfGhIjKlMnOp.QrStUvWxYz0123456789 | SG.AbCdEfGhIjKlMnOp.QrStUvWxYz0123456789",
        "doctl auth init -t dop_v1_0123456789abcdef0123456789abcdef | dop_v1_0123456789abcdef0123456789abcdef",
        "echo shpat_0123456789abcdef0123456789abcdef | shpat_0123456789abcdef0123456789abcdef",
        "echo ya29.a0AfH6SMBxYzAbCdEfGhIjKlMnOp | ya29.a0AfH6SMBxYzAbCdEfGhIjKlMnOp",
        "echo sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv | sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv",
        "echo sk-proj-AbCdEfGhIjKlMnOpQrStUv | sk-proj-AbCdEfGhIjKlMnOpQrStUv",
        "echo ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 | ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        "echo xoxp-1234567890-0987654321-abcdef | xoxp-1234567890-0987654321-abcdef",
        "echo whsec_AbCdEfGhIjKlMnOpQrStUvWx | whsec_AbCdEfGhIjKlMnOpQrStUvWx",
        "curl -H 'Cookie: session=cookievalue99' https://h | cookievalue99",
        "git clone https://0123456789abcdef0123456789abcdef01234567@github.com/a/b | 0123456789abcdef0123456789abcdef01234567",
        "git push https://AbCdEfGhIjKlMnOpQrSt@git.example.com/r main | AbCdEfGhIjKlMnOpQrSt",
        "aws s3 ls # AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE; aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    })
    void realLookingSecretsAreRemovedInTheirUsualContexts(String text, String secret) {
        assertThat(r.redact(text)).doesNotContain(secret).contains(Redactor.MARK);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "git checkout 0123456789abcdef0123456789abcdef01234567",
        "git clone ssh://git@github.com/a/b",
        "git clone https://me@git.example.com/r",
        "cat /home/User/Projects/MyApp2/src/Main/Thing",
        "ls src/main/java/dev/scc/safety/audit/Redactor2.java",
    })
    void ordinaryIdsUserNamesAndPathsAreKept(String text) {
        assertThat(r.redact(text)).isEqualTo(text);
    }

    @Property(tries = 300)
    void aSecretNamedVariableNeverKeepsItsValue(@ForAll("secretNames") String name, @ForAll("values") String value) {
        for (String form : List.of(name + "=" + value, "export " + name + "=" + value, name + ": " + value,
                "\"" + name + "\": \"" + value + "\"", name + "='" + value + "'")) {
            assertThat(r.redact(form)).as(form).doesNotContain(value);
        }
    }

    @Property(tries = 100)
    void argvFormsAreRedactedLikeTheJoinedCommand(@ForAll("values") String value) {
        assertThat(r.redactArgv(List.of("mysql", "-uroot", "-p" + value, "db"))).noneMatch(a -> a.contains(value));
        assertThat(r.redactArgv(List.of("curl", "-u", "me:" + value, "https://h"))).noneMatch(a -> a.contains(value));
        assertThat(r.redactArgv(List.of("curl", "--header=X-Api-Key: " + value))).noneMatch(a -> a.contains(value));
    }

    @Provide
    Arbitrary<String> secretNames() {
        Arbitrary<String> prefix = Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(0).ofMaxLength(8);
        Arbitrary<String> kind = Arbitraries.of("API_KEY", "APIKEY", "TOKEN", "PASSWORD", "SECRET", "ACCESS_KEY",
                "PRIVATE_KEY", "CREDENTIALS");
        return net.jqwik.api.Combinators.combine(prefix, kind).as((p, k) -> p.isEmpty() ? k : p + "_" + k);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./+")
                .ofMinLength(8).ofMaxLength(40).filter(v -> !v.contains("REDACTED"));
    }
}

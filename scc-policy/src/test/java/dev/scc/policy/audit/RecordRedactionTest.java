package dev.scc.policy.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scc.policy.audit.internal.AuditCodec;
import dev.scc.safety.audit.Redactor;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** No field of any record kind escapes the redactor: a secret put into every field never reaches the line. */
class RecordRedactionTest {
    static final List<String> SECRETS = List.of("AKIAIOSFODNN7EXAMPLE", "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
            "sk_live_51HxYzAbCdEfGhIjKlMn");
    static final String TEXT = "x " + SECRETS.get(0) + " token=" + SECRETS.get(1) + " " + SECRETS.get(2);

    @Test
    void everyStringFieldOfEveryKindIsRedacted() throws Exception {
        Class<?>[] kinds = AuditEvent.class.getPermittedSubclasses();
        assertThat(kinds).hasSizeGreaterThanOrEqualTo(7);
        for (Class<?> kind : kinds) {
            RecordComponent[] parts = kind.getRecordComponents();
            Class<?>[] types = new Class<?>[parts.length];
            Object[] values = new Object[parts.length];
            for (int i = 0; i < parts.length; i++) {
                types[i] = parts[i].getType();
                values[i] = value(parts[i].getType(), parts[i].getGenericType());
            }
            Constructor<?> c = kind.getDeclaredConstructor(types);
            AuditEvent event = (AuditEvent) c.newInstance(values);
            String line = AuditCodec.encode(event, 1, Instant.EPOCH, AuditCodec.GENESIS, new Redactor());
            for (String secret : SECRETS) {
                assertThat(line).as(kind.getSimpleName()).doesNotContain(secret);
            }
        }
    }

    @Test
    void policyVersionAndDecisionAreRedactedToo() {
        String line = AuditCodec.encode(new AuditEvent.SafetyVerdict("s", "claude", List.of("true"), "/w", TEXT, "r",
                "why", Optional.of(TEXT)), 1, Instant.EPOCH, AuditCodec.GENESIS, new Redactor());
        SECRETS.forEach(s -> assertThat(line).doesNotContain(s));
    }

    private static Object value(Class<?> type, Type generic) {
        if (type == String.class) {
            return TEXT;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == int.class) {
            return 1;
        }
        if (type == Instant.class) {
            return Instant.EPOCH;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        Type arg = generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : String.class;
        if (type == Optional.class) {
            return Optional.of(arg == Instant.class ? Instant.EPOCH : TEXT);
        }
        if (type == List.class) {
            return new ArrayList<>(List.of(TEXT, "--token", TEXT));
        }
        if (type == Map.class) {
            return Map.of(TEXT, TEXT);
        }
        throw new IllegalStateException("no sample for " + type);
    }
}

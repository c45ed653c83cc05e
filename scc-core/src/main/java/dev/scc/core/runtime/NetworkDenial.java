package dev.scc.core.runtime;

import java.util.Objects;

/**
 * One request a session's egress enforcement refused ({@link RuntimeBackend#networkLog}).
 *
 * @param time when, as the enforcement point logged it
 * @param client the address inside the sandbox that asked
 * @param method the request method ({@code CONNECT}, {@code GET}, …)
 * @param target the destination as asked for ({@code host:port} or a URL)
 * @param status the status the client got
 * @param reason a stable lower-case id for why ({@code not-allowed}, {@code ip-literal}, …)
 * @param explanation the reason in a sentence, with what to change if the request was wanted
 */
public record NetworkDenial(String time, String client, String method, String target, int status, String reason,
        String explanation) {
    public NetworkDenial {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(explanation, "explanation");
    }
}

package dev.scc.runtime.docker;

import dev.scc.runtime.docker.egress.DenialReason;

/** One request the egress proxy refused, with the reason reconstructed from the session's ACL. */
public record ProxyDenial(String time, String client, String method, String target, int status, DenialReason reason) {}

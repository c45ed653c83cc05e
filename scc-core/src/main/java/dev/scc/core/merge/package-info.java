/**
 * The one trust-hierarchy merge: org defaults, team, project and user layers pass the same gates (security
 * block, delegation, allowlist, network, stdio), then exceptions. Its {@link dev.scc.core.merge.EffectiveConfig}
 * is both what {@code scc config explain} shows and what a launch renders.
 */
package dev.scc.core.merge;

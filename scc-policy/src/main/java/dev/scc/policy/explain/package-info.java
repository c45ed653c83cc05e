/** The explain view of a merge: the JSON contract of {@code scc config explain} and its enforcement table. */
package dev.scc.policy.explain;

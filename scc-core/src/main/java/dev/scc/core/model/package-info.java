/**
 * The typed policy model: org, team, project and user documents as immutable records. Parsing lives in
 * {@code scc-policy}; this package knows no file format, no provider layout and no container engine.
 */
package dev.scc.core.model;

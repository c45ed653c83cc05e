/**
 * Local files read and written safely under hostile conditions: {@link dev.scc.policy.files.FileLocks} (one
 * exclusive lock per file across the threads of this process and across processes) and
 * {@link dev.scc.policy.files.BoundedFiles} (read only regular files, never more than a cap).
 */
package dev.scc.policy.files;

package dev.scc.checkpoint;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A finished restore.
 *
 * @param checkpoint the checkpoint restored
 * @param target the directory now holding exactly its contents
 * @param before the checkpoint of the target's previous state (empty when the target was a new directory)
 */
public record RestoreReport(Checkpoint checkpoint, Path target, Optional<Checkpoint> before) {}

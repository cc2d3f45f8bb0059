/**
 * Run directories on any Hadoop file system: checkpoints published by one rename with a MANIFEST
 * of SHA-256 checksums, never overwritten; the run lock. Driver only; knows nothing of training.
 */
package io.github.inqspark.store;

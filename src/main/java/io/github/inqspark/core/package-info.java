/**
 * The INQ numerics, pure Java over float arrays: quantum sets and the rounding of Eq. 4, partition
 * strategies, schedules, persistent freeze masks, the per-tensor and whole-model quantization
 * state and its checksummed binary form. Knows nothing of Spark, DL4J or files (ArchitectureTest).
 * Runs on the driver; executors receive the state in its binary form.
 */
package io.github.inqspark.core;

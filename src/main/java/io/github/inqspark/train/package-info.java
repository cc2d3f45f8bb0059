/**
 * Masked SGD for one stage: the single-JVM LocalTrainer and the SparkTrainer (parameter averaging
 * with a frozen-weights hook on executors) share the StageTrainer contract. StageProjection is the
 * per-stage broadcast. No files, no command line.
 */
package io.github.inqspark.train;

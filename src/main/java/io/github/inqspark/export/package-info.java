/**
 * The packed low-bit model file: b-bit codes of P_l for every quantizable tensor, float32 for the
 * rest, the DL4J configuration, a CRC32C (docs/export-format.md). Driver or single JVM; no Spark.
 */
package io.github.inqspark.export;

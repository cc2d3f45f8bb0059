/**
 * The jobs on the driver: QuantizeJob (partition, quantize, train, evaluate, commit, resume) and
 * PretrainJob (the FP32 reference). No command-line parsing.
 */
package io.github.inqspark.pipeline;

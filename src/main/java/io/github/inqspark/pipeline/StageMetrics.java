package io.github.inqspark.pipeline;

/**
 * One line of metrics.jsonl: the state of the run after a stage (or the reference, stage 0).
 */
public record StageMetrics(int stage, int stages, double portion, double frozenFraction, double top1, double top5,
                           double loss, long evalExamples, double trainSeconds, double examplesPerSecond,
                           String trainer) {
}

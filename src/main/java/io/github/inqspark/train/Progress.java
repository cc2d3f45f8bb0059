package io.github.inqspark.train;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress of one stage's training: stage n of N, epoch, minibatches, examples per second and an
 * ETA, printed at most every {@code intervalMillis} so a long run does not flood the log.
 */
public final class Progress {

    private final Consumer<String> sink;
    private final long intervalMillis;
    private final String stageLabel;
    private final long totalBatches;
    private long batches;
    private long examples;
    private final long startNanos = System.nanoTime();
    private long lastPrint = System.nanoTime();

    public Progress(Consumer<String> sink, long intervalMillis, String stageLabel, long totalBatches) {
        this.sink = sink;
        this.intervalMillis = intervalMillis;
        this.stageLabel = stageLabel;
        this.totalBatches = totalBatches;
    }

    public void batchesDone(int epoch, int epochs, long newBatches, long newExamples) {
        batches += newBatches;
        examples += newExamples;
        long now = System.nanoTime();
        if ((now - lastPrint) / 1_000_000 >= intervalMillis || batches == totalBatches) {
            lastPrint = now;
            sink.accept(line(epoch, epochs, now));
        }
    }

    /** A line for the log, outside the progress rhythm (estimates, warnings). */
    public void say(String line) {
        sink.accept(label() + ": " + line);
    }

    /** "stage n/N", as the driver names the stage in logs and Spark job groups. */
    public String label() {
        return stageLabel;
    }

    public double examplesPerSecond() {
        double s = (System.nanoTime() - startNanos) / 1e9;
        return s > 0 ? examples / s : 0;
    }

    String line(int epoch, int epochs, long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? examples / seconds : 0;
        double eta = batches > 0 ? seconds * (totalBatches - batches) / batches : Double.NaN;
        return String.format(Locale.ROOT, "%s epoch %d/%d  batches %d/%d  %.1f examples/s  ETA %s",
                stageLabel, epoch + 1, epochs, batches, totalBatches, rate, formatSeconds(eta));
    }

    static String formatSeconds(double s) {
        if (Double.isNaN(s)) {
            return "?";
        }
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}

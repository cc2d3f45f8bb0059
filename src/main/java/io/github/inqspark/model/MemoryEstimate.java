package io.github.inqspark.model;

import java.util.Locale;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What training a network costs in memory, estimated from its configuration before any work
 * (DL4J's memory report: parameters, updater state, activations and working memory at a minibatch
 * size), and the check that the parameter-averaging results the driver receives fit its heap.
 *
 * @param trainingBytes one worker's training footprint at the batch size, or -1 when DL4J cannot
 *                      estimate it for this configuration (some imported graphs)
 */
public record MemoryEstimate(long paramBytes, long updaterBytes, long trainingBytes, int batch) {

    /**
     * Measured with VGG-16 on local[2] (docs/benchmarks.md): two 1.06 GiB results ran an 8 GiB heap
     * out of memory and fit in 12 GiB; a result is held serialized and deserialized, with Kryo's
     * buffers, so about four times its size per worker is needed.
     */
    public static final int DRIVER_BYTES_PER_RESULT_BYTE = 4;

    public static MemoryEstimate of(Net net, long[] featureShape, int batch) {
        long params = 4L * net.numParams();
        var state = net.isGraph() ? net.graph().getUpdater().getStateViewArray()
                : net.multiLayer().getUpdater().getStateViewArray();
        long updater = state == null ? 0 : 4L * state.length(); // plain SGD keeps no state
        long training;
        training = training(net, featureShape, batch, false);
        if (training < 0 && featureShape.length == 4) {
            training = training(net, featureShape, batch, true); // channels-last input (Keras imports)
        }
        return new MemoryEstimate(params, updater, training, batch);
    }

    private static long training(Net net, long[] featureShape, int batch, boolean channelsLast) {
        try {
            InputType in = inputType(featureShape, channelsLast);
            MemoryReport r = net.isGraph() ? net.graph().getConfiguration().getMemoryReport(in)
                    : net.multiLayer().getLayerWiseConfigurations().getMemoryReport(in);
            return r.getTotalMemoryBytes(batch, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT);
        } catch (RuntimeException notEstimable) {
            return -1;
        }
    }

    static InputType inputType(long[] shape, boolean channelsLast) {
        return switch (shape.length) {
            case 2 -> InputType.feedForward(shape[1]);
            case 4 -> channelsLast ? InputType.convolutional(shape[1], shape[2], shape[3], CNN2DFormat.NHWC)
                    : InputType.convolutional(shape[2], shape[3], shape[1]);
            default -> throw new IllegalArgumentException("no estimate for input of rank " + shape.length);
        };
    }

    /** Bytes one worker returns per averaging round: parameters, plus updater state when carried. */
    public long resultBytes(boolean saveUpdater) {
        return paramBytes + (saveUpdater ? updaterBytes : 0);
    }

    /** Refuses, with the numbers and the remedies, a run whose per-round results cannot fit the driver heap. */
    public void checkDriverHeap(int workers, boolean saveUpdater, long heapBytes) {
        long need = (long) workers * resultBytes(saveUpdater) * DRIVER_BYTES_PER_RESULT_BYTE;
        if (need > heapBytes) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the driver would receive %d parameter-averaging"
                    + " results of %s each per round, needing about %s of heap, but it has %s: give the driver more"
                    + " heap (spark.driver.memory / -Xmx)%s, or use fewer workers", workers, mib(resultBytes(saveUpdater)),
                    mib(need), mib(heapBytes), saveUpdater ? ", set inq.spark.save-updater = false (halves each result)" : ""));
        }
    }

    public String describe(int workers, boolean saveUpdater) {
        return String.format(Locale.ROOT, "memory estimate: parameters %s, updater state %s, training at batch %d %s"
                        + " per worker; each averaging round returns %d results of %s to the driver",
                mib(paramBytes), mib(updaterBytes), batch, trainingBytes < 0 ? "(not estimable)" : mib(trainingBytes),
                workers, mib(resultBytes(saveUpdater)));
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / 1048576.0);
    }
}

package io.github.inqspark.train;

import io.github.inqspark.core.FreezeMask;
import io.github.inqspark.core.FrozenCodes;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.QuantStateCodec;
import io.github.inqspark.core.TensorQuantState;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.model.QuantizableTensor;
import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a trainer needs to keep frozen weights exact during one stage: the quantization state
 * (masks at one bit per weight), where each tensor lies in the flat parameter vector, and the
 * frozen values as one-byte codes. Built on the driver; broadcast once per stage to executors.
 *
 * <p>On first use it expands into two flat vectors, {@code keep} (0 where frozen, 1 elsewhere,
 * biases and batch norm included) and {@code frozen} (the frozen value, else 0), so projecting
 * is two vectorised ops: {@code params = params * keep + frozen}. Exact: w * 1 + 0 = w, and
 * w * 0 + f = f for finite w.
 */
public final class StageProjection implements Serializable {

    private static final long serialVersionUID = 1L;

    private final byte[] state;
    private final long[] offsets;
    private final byte[][] codes;
    private final long paramCount;
    private transient volatile INDArray keep;
    private transient volatile INDArray frozen;

    private StageProjection(byte[] state, long[] offsets, byte[][] codes, long paramCount) {
        this.state = state;
        this.offsets = offsets;
        this.codes = codes;
        this.paramCount = paramCount;
    }

    /** On the driver: from the state and the network's current (stage-start) weights. */
    public static StageProjection of(ModelQuantState state, NetworkTensors tensors, long paramCount) {
        List<TensorQuantState> ts = state.tensors();
        List<QuantizableTensor> qs = tensors.tensors();
        if (ts.size() != qs.size()) {
            throw new IllegalArgumentException("the network has " + qs.size() + " quantizable tensors but the state has "
                    + ts.size());
        }
        long[] offsets = new long[ts.size()];
        byte[][] codes = new byte[ts.size()][];
        for (int j = 0; j < ts.size(); j++) {
            TensorQuantState t = ts.get(j);
            QuantizableTensor q = qs.get(j);
            if (!t.name().equals(q.name()) || t.count() != q.length()) {
                throw new IllegalArgumentException("state tensor '" + t.name() + "' (" + t.count()
                        + " weights) does not match network tensor '" + q.name() + "' (" + q.length() + ")");
            }
            offsets[j] = q.offset();
            codes[j] = FrozenCodes.encode(t, tensors.read(q));
        }
        return new StageProjection(QuantStateCodec.encode(state), offsets, codes, paramCount);
    }

    private ModelQuantState quantState() {
        return QuantStateCodec.decode(state, "stage projection");
    }

    /** Sets every frozen weight of {@code flatParams} to its quantized value; others are untouched. */
    public void project(INDArray flatParams) {
        ensureExpanded();
        INDArray p = flatParams.reshape(flatParams.length());
        p.muli(keep).addi(frozen);
    }

    /** Zeros the gradient of frozen weights, so no optimizer state builds up for them. */
    public void maskGradient(INDArray flatGradient) {
        ensureExpanded();
        flatGradient.reshape(flatGradient.length()).muli(keep);
    }

    /** Bytes this object costs in a broadcast (its serialized arrays). */
    public long broadcastBytes() {
        long n = state.length + 8L * offsets.length;
        for (byte[] c : codes) {
            n += c.length;
        }
        return n;
    }

    private void ensureExpanded() {
        if (keep != null) {
            return;
        }
        synchronized (this) {
            if (keep != null) {
                return;
            }
            ModelQuantState s = quantState();
            float[] keepValues = new float[Math.toIntExact(paramCount)];
            float[] frozenValues = new float[keepValues.length];
            java.util.Arrays.fill(keepValues, 1f);
            for (int j = 0; j < offsets.length; j++) {
                TensorQuantState t = s.tensors().get(j);
                float[] values = new float[t.count()];
                FrozenCodes.decode(t, codes[j], values, 0f);
                FreezeMask mask = t.mask();
                int off = Math.toIntExact(offsets[j]);
                for (int i = 0; i < values.length; i++) {
                    if (mask.isFrozen(i)) {
                        keepValues[off + i] = 0f;
                        frozenValues[off + i] = values[i];
                    }
                }
            }
            frozen = Nd4j.createFromArray(frozenValues);
            keep = Nd4j.createFromArray(keepValues);
        }
    }
}

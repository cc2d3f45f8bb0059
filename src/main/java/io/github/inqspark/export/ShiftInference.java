package io.github.inqspark.export;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reference inference that multiplies by no weight: every weight of an INQ model is 0 or ±2^k, so
 * each product is an integer shift. Supports the chain the MNIST demo uses: convolution (no
 * padding), max pooling, dense and output layers with identity or ReLU activations; the output
 * layer's softmax is left out (the logits decide the prediction).
 *
 * <p>Fixed point: activations are signed 32-bit integers with {@link #F} = 16 fractional bits
 * (Q15.16; the input is round(x * 2^16)). Within a layer, sums are exact in 64 bits: with
 * E = -(the smallest weight exponent of the network, n2), a weight 2^k contributes
 * {@code ±(x << (E + k))} with E + k >= 0, and the bias is round(b * 2^(16+E)). The sum is rounded
 * back to Q15.16 once per layer ({@code (acc + 2^(E-1)) >> E}) and saturated to 32 bits. Biases are
 * the model's float32 values rounded to that grid; no float arithmetic happens per weight.
 */
public final class ShiftInference {

    /** Fractional bits of the activations. */
    public static final int F = 16;

    private final List<Step> steps;
    private final int e;
    private final int inChannels;
    private final int inHeight;
    private final int inWidth;

    private ShiftInference(List<Step> steps, int e, int c, int h, int w) {
        this.steps = steps;
        this.e = e;
        this.inChannels = c;
        this.inHeight = h;
        this.inWidth = w;
    }

    private sealed interface Step permits Conv, Pool, Dense {
    }

    /** A weight as a shift: sign * 2^exp, or zero. */
    private record Conv(int out, int in, int kh, int kw, int sh, int sw, byte[] sign, byte[] exp, long[] bias,
                        boolean relu) implements Step {
    }

    private record Pool(int kh, int kw, int sh, int sw) implements Step {
    }

    private record Dense(int in, int out, byte[] sign, byte[] exp, long[] bias, boolean relu) implements Step {
    }

    /** A supported layer as found in the network (weights and bias null for pooling). */
    private record Source(String name, org.deeplearning4j.nn.conf.layers.Layer conf, INDArray w, INDArray b) {
    }

    /**
     * Compiles a quantized MultiLayerNetwork for input of c x h x w; refuses a weight that is not 0
     * or a power of two, and any layer or setting outside the supported chain, naming it.
     */
    public static ShiftInference of(MultiLayerNetwork net, int c, int h, int w) {
        int minExp = 0;
        List<Source> raw = new ArrayList<>();
        for (Layer l : net.getLayers()) {
            var conf = l.conf().getLayer();
            String name = conf.getLayerName() != null ? conf.getLayerName() : "layer " + l.getIndex();
            if (conf instanceof ConvolutionLayer cv && !(conf instanceof SubsamplingLayer)) {
                if (cv.getConvolutionMode() == ConvolutionMode.Same || cv.getPadding()[0] != 0 || cv.getPadding()[1] != 0
                        || cv.getDilation()[0] != 1 || cv.getDilation()[1] != 1 || cv.getClass() != ConvolutionLayer.class) {
                    throw new IllegalArgumentException(name + ": only unpadded, undilated standard convolutions are supported");
                }
                raw.add(new Source(name, cv, l.getParam("W"), l.getParam("b")));
            } else if (conf instanceof SubsamplingLayer sl) {
                if (sl.getPoolingType() != PoolingType.MAX || sl.getPadding()[0] != 0 || sl.getPadding()[1] != 0
                        || sl.getConvolutionMode() == ConvolutionMode.Same) {
                    throw new IllegalArgumentException(name + ": only unpadded max pooling is supported");
                }
                raw.add(new Source(name, sl, null, null));
            } else if (conf instanceof DenseLayer || conf instanceof OutputLayer) {
                raw.add(new Source(name, conf, l.getParam("W"), l.getParam("b")));
            } else {
                throw new IllegalArgumentException(name + ": layer type " + conf.getClass().getSimpleName()
                        + " is not supported by shift-only inference");
            }
            INDArray weights = raw.get(raw.size() - 1).w();
            if (weights != null) {
                for (float v : weights.data().asFloat()) {
                    if (v != 0) {
                        minExp = Math.min(minExp, Math.getExponent(v));
                    }
                }
            }
        }
        int e = -minExp;
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Source r = raw.get(i);
            String name = r.name();
            if (r.conf() instanceof SubsamplingLayer sl) {
                steps.add(new Pool(sl.getKernelSize()[0], sl.getKernelSize()[1], sl.getStride()[0], sl.getStride()[1]));
                continue;
            }
            BaseLayer b = (BaseLayer) r.conf();
            boolean last = i == raw.size() - 1;
            boolean relu = b.getActivationFn() instanceof ActivationReLU;
            boolean ok = relu || b.getActivationFn() instanceof ActivationIdentity
                    || (last && b.getActivationFn() instanceof ActivationSoftmax);
            if (!ok) {
                throw new IllegalArgumentException(name + ": activation " + b.getActivationFn() + " is not supported");
            }
            INDArray wArr = r.w();
            float[] wv = wArr.dup('c').data().asFloat();
            byte[] sign = new byte[wv.length];
            byte[] exp = new byte[wv.length];
            for (int k = 0; k < wv.length; k++) {
                float v = wv[k];
                if (v == 0) {
                    continue;
                }
                int x = Math.getExponent(v);
                if (Math.scalb(1f, x) != Math.abs(v)) {
                    throw new IllegalArgumentException(name + ": weight " + k + " = " + v + " is not 0 or a power of two");
                }
                sign[k] = (byte) (v < 0 ? -1 : 1);
                exp[k] = (byte) (e + x); // shift of the Q15.16 input inside the sum
            }
            float[] bv = r.b().data().asFloat();
            long[] bias = new long[bv.length];
            for (int k = 0; k < bv.length; k++) {
                bias[k] = Math.round(Math.scalb((double) bv[k], F + e));
            }
            if (r.conf() instanceof ConvolutionLayer cv) {
                long[] s = wArr.shape(); // [out, in, kh, kw]
                steps.add(new Conv((int) s[0], (int) s[1], (int) s[2], (int) s[3], cv.getStride()[0], cv.getStride()[1],
                        sign, exp, bias, relu));
            } else {
                long[] s = wArr.shape(); // [in, out]
                steps.add(new Dense((int) s[0], (int) s[1], sign, exp, bias, relu));
            }
        }
        return new ShiftInference(steps, e, c, h, w);
    }

    /** Q15.16 of a float input. */
    public static int toFixed(float x) {
        return saturate(Math.round((double) x * (1 << F)));
    }

    /** The logits (Q15.16) of one image given as c x h x w floats in channel-major order. */
    public int[] logits(float[] image) {
        int[] x = new int[image.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = toFixed(image[i]);
        }
        int c = inChannels;
        int h = inHeight;
        int w = inWidth;
        for (Step s : steps) {
            if (s instanceof Conv cv) {
                int oh = (h - cv.kh()) / cv.sh() + 1;
                int ow = (w - cv.kw()) / cv.sw() + 1;
                int[] y = new int[cv.out() * oh * ow];
                for (int o = 0; o < cv.out(); o++) {
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            long acc = cv.bias()[o];
                            for (int ci = 0; ci < cv.in(); ci++) {
                                for (int a = 0; a < cv.kh(); a++) {
                                    int row = (ci * h + i * cv.sh() + a) * w + j * cv.sw();
                                    int wBase = ((o * cv.in() + ci) * cv.kh() + a) * cv.kw();
                                    for (int b = 0; b < cv.kw(); b++) {
                                        acc += shifted(x[row + b], cv.sign()[wBase + b], cv.exp()[wBase + b]);
                                    }
                                }
                            }
                            y[(o * oh + i) * ow + j] = finish(acc, cv.relu());
                        }
                    }
                }
                x = y;
                c = cv.out();
                h = oh;
                w = ow;
            } else if (s instanceof Pool p) {
                int oh = (h - p.kh()) / p.sh() + 1;
                int ow = (w - p.kw()) / p.sw() + 1;
                int[] y = new int[c * oh * ow];
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            int m = Integer.MIN_VALUE;
                            for (int a = 0; a < p.kh(); a++) {
                                for (int b = 0; b < p.kw(); b++) {
                                    m = Math.max(m, x[(ch * h + i * p.sh() + a) * w + j * p.sw() + b]);
                                }
                            }
                            y[(ch * oh + i) * ow + j] = m;
                        }
                    }
                }
                x = y;
                h = oh;
                w = ow;
            } else {
                Dense d = (Dense) s;
                if (x.length != d.in()) {
                    throw new IllegalStateException("dense layer expects " + d.in() + " inputs, got " + x.length);
                }
                int[] y = new int[d.out()];
                for (int o = 0; o < d.out(); o++) {
                    long acc = d.bias()[o];
                    for (int i = 0; i < d.in(); i++) {
                        int k = i * d.out() + o; // W is [in, out], row-major
                        acc += shifted(x[i], d.sign()[k], d.exp()[k]);
                    }
                    y[o] = finish(acc, d.relu());
                }
                x = y;
                c = d.out();
                h = 1;
                w = 1;
            }
        }
        return x;
    }

    private static long shifted(int x, byte sign, byte shift) {
        // no multiplication: the sign selects add, subtract or nothing; the weight is a shift
        return sign == 0 ? 0 : sign > 0 ? (long) x << shift : -((long) x << shift);
    }

    private int finish(long acc, boolean relu) {
        long v = e == 0 ? acc : (acc + (1L << (e - 1))) >> e;
        if (relu && v < 0) {
            v = 0;
        }
        return saturate(v);
    }

    private static int saturate(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }
}

package io.github.inqspark.core;

import java.util.Arrays;

/**
 * The quantization state of one quantizable tensor: its name and shape, its quantum set (fixed
 * from the pre-trained weights) and its persistent freeze mask.
 */
public final class TensorQuantState {

    private final String name;
    private final int[] shape;
    private final QuantumSet quantumSet;
    private final FreezeMask mask;

    public TensorQuantState(String name, int[] shape, QuantumSet quantumSet, FreezeMask mask) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a tensor needs a name");
        }
        long count = elementCount(name, shape);
        if (count != mask.size()) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + " (" + count + " weights) but its mask has " + mask.size() + " bits");
        }
        this.name = name;
        this.shape = shape.clone();
        this.quantumSet = quantumSet;
        this.mask = mask;
    }

    /** A fresh state for a pre-trained tensor: P_l from its weights, nothing frozen. */
    public static TensorQuantState initial(String name, int[] shape, float[] weights, int bits) {
        return initial(name, shape, weights, bits, QuantumSet.N1_PAPER);
    }

    public static TensorQuantState initial(String name, int[] shape, float[] weights, int bits, String n1Rule) {
        long count = elementCount(name, shape);
        if (count != weights.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + " (" + count + " weights) but " + weights.length + " values were given");
        }
        return new TensorQuantState(name, shape, QuantumSet.fromPretrained(name, weights, bits, n1Rule),
                new FreezeMask(weights.length));
    }

    static long elementCount(String name, int[] shape) {
        long count = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                        + ": every dimension must be positive");
            }
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                        + ": more than 2^31 weights in one tensor is not supported");
            }
        }
        return count;
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int count() {
        return mask.size();
    }

    public QuantumSet quantumSet() {
        return quantumSet;
    }

    public FreezeMask mask() {
        return mask;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorQuantState t && t.name.equals(name) && Arrays.equals(t.shape, shape)
                && t.quantumSet.equals(quantumSet) && t.mask.equals(mask);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + mask.hashCode();
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " P=" + quantumSet + " " + mask;
    }
}

package io.github.inqspark.model;

import java.util.Arrays;

/**
 * One weight tensor of a network that INQ quantizes: its name ("layer/param"), where it lies in
 * the network's flat parameter vector, its logical shape and the layer type it belongs to.
 * Weights are handled in flat-vector order (DL4J stores dense weights in 'f' order), so indices
 * in masks and partitions are positions in that segment.
 */
public record QuantizableTensor(String name, long offset, int length, long[] shape, String layerType) {

    public QuantizableTensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int[] intShape() {
        return Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }
}

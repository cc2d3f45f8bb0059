package io.github.inqspark.model;

/**
 * One parameter of a network as the {@code inspect} table shows it: whether INQ quantizes it, and
 * if not, why not.
 */
public record ParamInfo(String name, String layerType, long[] shape, long length, boolean quantizable, String reason) {
}

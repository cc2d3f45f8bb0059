/**
 * DL4J networks as INQ sees them: which parameters are quantizable (decided once, in
 * NetworkTensors), their segments of the flat parameter vector, the small and ImageNet-scale
 * architectures, and reading and writing DL4J's model files. No Spark.
 */
package io.github.inqspark.model;

/** Readers of training data: IDX files of the MNIST family, raw or gzipped, on any Hadoop file system. */
package io.github.inqspark.data;

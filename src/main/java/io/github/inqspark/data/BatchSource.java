package io.github.inqspark.data;

import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The minibatches of one epoch, by index. A batch depends only on (epoch, index), so the driver can
 * hand out indices and executors that read the data themselves build the same batch the driver
 * would have (random crops and flips included).
 */
public interface BatchSource extends Serializable {

    /** Minibatches per epoch. */
    int batches();

    /** Minibatch {@code index} of {@code epoch}. */
    DataSet batch(int epoch, int index);

    /** How many examples minibatch {@code index} holds (in every epoch), without building it. */
    int examplesIn(int index);

    /**
     * True when executors can read the data themselves (shards on a shared file system): the driver
     * then ships batch indices, never tensors. False for data held in the driver's memory.
     */
    default boolean readOnExecutors() {
        return false;
    }

    /** Batches already in memory: the same list every epoch. */
    static BatchSource of(List<DataSet> batches) {
        return new BatchSource() {
            @Override
            public int batches() {
                return batches.size();
            }

            @Override
            public DataSet batch(int epoch, int index) {
                return batches.get(index);
            }

            @Override
            public int examplesIn(int index) {
                return batches.get(index).numExamples();
            }
        };
    }
}

package io.github.inqspark.train;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers the classes this project and dl4j-spark send through Kryo, so a run with
 * spark.kryo.registrationRequired=true fails loudly on anything unregistered. Used together with
 * ND4J's Nd4jRegistrator (INDArrays).
 *
 * <p>dl4j-spark's broadcast of the network ({@code NetBroadcastTuple}) carries the whole network
 * configuration, whose classes are open-ended (every layer, activation, loss, updater a user's
 * model may hold); it is Serializable, so it goes through Java serialization as one registered
 * class instead of hundreds.
 */
public final class InqKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(StageProjection.class);
        kryo.register(org.nd4j.linalg.dataset.DataSet.class);
        kryo.register(org.nd4j.linalg.dataset.MultiDataSet.class);
        kryo.register(org.nd4j.linalg.api.ndarray.INDArray[].class);
        kryo.register(java.util.ArrayList.class);
        kryo.register(byte[].class);
        kryo.register(byte[][].class);
        kryo.register(long[].class);
        kryo.register(float[].class);
        kryo.register(org.deeplearning4j.spark.api.worker.NetBroadcastTuple.class, new JavaSerializer());
        kryo.register(org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple.class);
        // distributed evaluation results: Serializable, with open-ended internals
        kryo.register(org.nd4j.evaluation.classification.Evaluation.class, new JavaSerializer());
        kryo.register(org.nd4j.evaluation.classification.Evaluation[].class);
        kryo.register(org.nd4j.evaluation.IEvaluation[].class);
        // Spark's Kryo 4 cannot build Java records (no field offsets on record classes); the
        // records Spark jobs carry (data-prep's work units and their results) are Serializable.
        kryo.addDefaultSerializer(Record.class, new JavaSerializer());
    }
}

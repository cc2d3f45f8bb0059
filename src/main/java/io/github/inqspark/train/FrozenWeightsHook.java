package io.github.inqspark.train;

import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Runs on executors, around every minibatch a worker fits: before the first one it attaches a
 * {@link MaskedSgdListener} to the worker's network (gradient masking, projection after each
 * step); after each one it projects again, so the parameters a worker hands to the average hold
 * the exact frozen values. The projection arrives once per stage, as a broadcast.
 */
public final class FrozenWeightsHook implements TrainingHook {

    private static final long serialVersionUID = 1L;

    private final Broadcast<StageProjection> projection;

    public FrozenWeightsHook(Broadcast<StageProjection> projection) {
        this.projection = projection;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        attach(model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        projection.value().project(model.params());
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        attach(model);
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        projection.value().project(model.params());
    }

    private void attach(Model model) {
        StageProjection p = projection.value();
        java.util.Collection<TrainingListener> listeners = model instanceof MultiLayerNetwork m ? m.getListeners()
                : ((ComputationGraph) model).getListeners();
        if (listeners != null) {
            for (TrainingListener l : listeners) {
                if (l instanceof MaskedSgdListener ml && ml.projection() == p) {
                    return;
                }
            }
        }
        model.addListeners(new MaskedSgdListener(p));
    }
}

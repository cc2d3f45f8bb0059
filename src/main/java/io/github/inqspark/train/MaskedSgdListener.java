package io.github.inqspark.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Masked SGD (Eq. 8) on top of DL4J's optimizer: the frozen weights' gradient is zeroed before
 * the updater runs (so momentum never builds up for them), and after every step the frozen
 * weights are set back to their quantized values (weight decay and any other term that reached
 * them is undone). Runs wherever the network trains: in the local trainer and on executors.
 */
public final class MaskedSgdListener extends BaseTrainingListener {

    private final StageProjection projection;

    public MaskedSgdListener(StageProjection projection) {
        this.projection = projection;
    }

    public StageProjection projection() {
        return projection;
    }

    @Override
    public void onGradientCalculation(Model model) {
        projection.maskGradient(model.gradient().gradient());
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        projection.project(model.params());
    }
}

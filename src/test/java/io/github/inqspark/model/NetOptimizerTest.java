package io.github.inqspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;

/** The paper's optimizer settings (momentum, weight decay) applied to any network, and saved. */
class NetOptimizerTest {

    @Test
    void momentumAndWeightDecaySurviveASaveAndTrain() throws Exception {
        for (Net net : List.of(Net.of(Architectures.lenet(28, 28, 1, 10, 1, new Sgd(0.1), 0)),
                Net.of(Architectures.smallResNet(12, 12, 1, 10, 1, 1)))) {
            net.configureOptimizer(0.9, 5e-4);
            Net loaded = Net.read(net.write(), "saved");
            int weightLayers = 0;
            for (var l : loaded.isGraph() ? loaded.graph().getLayers() : loaded.multiLayer().getLayers()) {
                if (l.conf().getLayer() instanceof BaseLayer b && l.numParams() > 0) {
                    Nesterovs n = (Nesterovs) b.getIUpdater();
                    assertEquals(0.9, n.getMomentum(), 0);
                    assertEquals(1, b.getRegularization().size());
                    assertEquals(5e-4, ((L2Regularization) b.getRegularization().get(0)).getL2().valueAt(0, 0), 0);
                    assertTrue(b.getRegularizationBias().isEmpty());
                    weightLayers++;
                }
            }
            assertTrue(weightLayers >= 4);
            // Nesterov keeps one momentum value per trained parameter (not batch norm's running stats)
            var updater = loaded.isGraph() ? loaded.graph().getUpdater() : loaded.multiLayer().getUpdater();
            long bnStats = loaded.tensors().params().stream().filter(p -> p.layerType().equals("BatchNormalization")
                    && !p.name().endsWith("/gamma") && !p.name().endsWith("/beta")).mapToLong(ParamInfo::length).sum();
            assertEquals(loaded.numParams() - bnStats, updater.getStateViewArray().length());
            INDArrayCheck.fitOnce(loaded);
        }
    }

    @Test
    void invalidValuesAreRefused() {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> net.configureOptimizer(1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> net.configureOptimizer(0.9, -1));
    }

    static final class INDArrayCheck {
        static void fitOnce(Net net) {
            boolean graph = net.isGraph();
            int side = graph ? 12 : 28;
            DataSet d = new DataSet(Nd4j.rand(4, 1, side, side), Nd4j.eye(10).getRows(0, 1, 2, 3));
            net.setLearningRate(0.002);
            double before = net.score(d);
            for (int i = 0; i < 5; i++) {
                net.fit(d);
            }
            assertTrue(net.score(d) < before, "training lowers the loss: " + before + " -> " + net.score(d));
        }
    }
}

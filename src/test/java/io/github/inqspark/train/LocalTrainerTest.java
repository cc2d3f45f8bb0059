package io.github.inqspark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.FreezeMask;
import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.core.StageQuantizer;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.testutil.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/** Masked SGD on real MNIST: frozen weights never move, free weights do. */
class LocalTrainerTest {

    @Test
    void frozenWeightsStayBitExactWhileFreeOnesTrain() throws Exception {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 7));
        List<DataSet> batches = TestData.mnistTrain().slice(0, 2048).batches(64);
        TrainSettings settings = new TrainSettings(1, 64, 0.01, 1, 1);
        new LocalTrainer().trainStage(net, projectionOf(net, null), batches, settings, 0, quiet(), (e, r) -> { });

        NetworkTensors nt = net.tensors();
        ModelQuantState state = ModelQuantState.initial(new InqSettings(5, Schedule.named("alexnet"), "pruning", 3),
                nt.names(), nt.shapes(), nt.readAll());
        List<float[]> weights = nt.readAll();
        StageQuantizer.applyNextStage(state, weights);
        nt.writeAll(weights);
        List<float[]> before = nt.readAll();
        StageProjection projection = StageProjection.of(state, nt, net.numParams());

        new LocalTrainer().trainStage(net, projection, batches, settings, 0, quiet(), (e, r) -> { });

        assertFrozenExactAndFreeTrained(state, nt, before, "one stage");
    }

    /** Every frozen weight kept its bits; more than half of the free ones moved. */
    static void assertFrozenExactAndFreeTrained(ModelQuantState state, NetworkTensors nt, List<float[]> before, String when) {
        List<float[]> after = nt.readAll();
        for (int j = 0; j < after.size(); j++) {
            FreezeMask mask = state.tensors().get(j).mask();
            String name = nt.tensors().get(j).name();
            int moved = 0;
            for (int i = 0; i < after.get(j).length; i++) {
                if (mask.isFrozen(i)) {
                    assertEquals(Float.floatToRawIntBits(before.get(j)[i]), Float.floatToRawIntBits(after.get(j)[i]),
                            when + ": " + name + " frozen weight " + i + " moved");
                } else if (before.get(j)[i] != after.get(j)[i]) {
                    moved++;
                }
            }
            assertTrue(moved > mask.freeCount() / 2, when + ": only " + moved + " free weights of " + name + " moved");
        }
    }

    static StageProjection projectionOf(Net net, ModelQuantState state) {
        NetworkTensors nt = net.tensors();
        ModelQuantState s = state != null ? state
                : ModelQuantState.initial(new InqSettings(5, Schedule.named("alexnet"), "pruning", 3),
                        nt.names(), nt.shapes(), nt.readAll());
        return StageProjection.of(s, nt, net.numParams());
    }

    static Progress quiet() {
        return new Progress(s -> { }, 1_000_000, "test", 1);
    }
}

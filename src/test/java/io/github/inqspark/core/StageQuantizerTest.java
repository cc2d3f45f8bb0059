package io.github.inqspark.core;

import static io.github.inqspark.core.QuantumSetTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The stage loop's properties over random tensors, with re-training simulated by noise. */
class StageQuantizerTest {

    static final String[] STRATEGIES = {PruningPartition.NAME, RandomPartition.NAME, QuantizationErrorPartition.NAME};

    record Model(ModelQuantState state, List<float[]> weights) {
    }

    static Model model(InqSettings settings, long seed, int... sizes) {
        List<String> names = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        RandomTensors[] dists = RandomTensors.values();
        for (int j = 0; j < sizes.length; j++) {
            names.add("layer" + j + "/W");
            shapes.add(new int[] {sizes[j]});
            weights.add(dists[(int) ((seed + j) % dists.length)].draw(sizes[j], seed * 100 + j));
        }
        return new Model(ModelQuantState.initial(settings, names, shapes, weights), weights);
    }

    /** Re-training: free weights move, frozen ones must not be touched by anyone. */
    static void perturbFree(Model m, SplittableRandom r) {
        for (int j = 0; j < m.weights.size(); j++) {
            float[] w = m.weights.get(j);
            FreezeMask mask = m.state.tensors().get(j).mask();
            for (int i = 0; i < w.length; i++) {
                if (!mask.isFrozen(i)) {
                    w[i] *= (float) (1 + 0.2 * (r.nextDouble() - 0.5));
                }
            }
        }
    }

    @Test
    void everyStageFreezesExactlyTheScheduleAndNeverUnfreezes() {
        SplittableRandom r = new SplittableRandom(3);
        for (String strategy : STRATEGIES) {
            for (String scheduleName : new String[] {"resnet18-2bit", "vgg16", "alexnet", "all-at-once"}) {
                for (int bits : new int[] {2, 3, 5, 8}) {
                    InqSettings settings = new InqSettings(bits, Schedule.named(scheduleName), strategy, 42);
                    Model m = model(settings, bits, 1, 7, 64, 1000, 4099);
                    Schedule s = settings.schedule();
                    List<FreezeMask> before = masks(m);
                    List<float[]> frozenValues = copies(m.weights);
                    for (int n = 1; n <= s.stages(); n++) {
                        perturbFree(m, r);
                        List<float[]> atPartition = copies(m.weights);
                        int[] newly = StageQuantizer.applyNextStage(m.state, m.weights);
                        List<FreezeMask> after = masks(m);
                        for (int j = 0; j < m.weights.size(); j++) {
                            TensorQuantState t = m.state.tensors().get(j);
                            String where = strategy + " " + scheduleName + " b=" + bits + " stage " + n + " " + t.name();
                            assertEquals(s.frozenAfter(n, t.count()), t.mask().frozenCount(), where);
                            assertEquals(s.frozenAfter(n, t.count()) - s.frozenAfter(n - 1, t.count()), newly[j], where);
                            assertTrue(before.get(j).isSubsetOf(after.get(j)), where + ": frozen set shrank");
                            float[] w = m.weights.get(j);
                            for (int i = 0; i < w.length; i++) {
                                if (before.get(j).isFrozen(i)) {
                                    assertEquals(Float.floatToRawIntBits(frozenValues.get(j)[i]),
                                            Float.floatToRawIntBits(w[i]), where + ": frozen weight " + i + " moved");
                                } else if (after.get(j).isFrozen(i)) {
                                    assertEquals(t.quantumSet().quantize(atPartition.get(j)[i]), w[i], where);
                                } else {
                                    assertEquals(atPartition.get(j)[i], w[i], where + ": free weight changed");
                                }
                            }
                            assertEquals(-1, FrozenWeights.firstFrozenOutsideP(t, w), where);
                        }
                        before = after;
                        frozenValues = copies(m.weights);
                    }
                    assertTrue(m.state.isComplete());
                    for (int j = 0; j < m.weights.size(); j++) {
                        assertEquals(-1, FrozenWeights.firstOutsideP(m.state.tensors().get(j).quantumSet(), m.weights.get(j)));
                    }
                }
            }
        }
    }

    @Test
    void pruningFreezesLargestAndErrorStrategyFreezesClosest() {
        for (String strategy : new String[] {PruningPartition.NAME, QuantizationErrorPartition.NAME}) {
            for (RandomTensors dist : RandomTensors.values()) {
                InqSettings settings = new InqSettings(4, Schedule.named("resnet18-4bit"), strategy, 1);
                float[] w = dist.draw(5000, dist.ordinal());
                ModelQuantState state = ModelQuantState.initial(settings, List.of("t"), List.of(new int[] {5000}), List.of(w));
                SplittableRandom r = new SplittableRandom(5);
                for (int n = 1; n < settings.schedule().stages(); n++) {
                    FreezeMask before = state.tensors().get(0).mask().copy();
                    float[] atPartition = w.clone();
                    QuantumSet q = state.tensors().get(0).quantumSet();
                    StageQuantizer.applyNextStage(state, List.of(w));
                    FreezeMask after = state.tensors().get(0).mask();
                    double minFrozenRank = Double.POSITIVE_INFINITY;
                    double maxFreeRank = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < w.length; i++) {
                        double rank = strategy.equals(PruningPartition.NAME)
                                ? Math.abs(atPartition[i]) : -q.error(atPartition[i]);
                        if (!before.isFrozen(i) && after.isFrozen(i)) {
                            minFrozenRank = Math.min(minFrozenRank, rank);
                        } else if (!after.isFrozen(i)) {
                            maxFreeRank = Math.max(maxFreeRank, rank);
                            w[i] *= (float) (1 + 0.1 * (r.nextDouble() - 0.5));
                        }
                    }
                    assertTrue(minFrozenRank >= maxFreeRank, strategy + " " + dist + " stage " + n
                            + ": froze " + minFrozenRank + " but left " + maxFreeRank + " free");
                }
            }
        }
    }

    @Test
    void tiesGoToTheLowerIndex() {
        float[] w = {0.5f, 0.5f, 0.5f, 0.5f, 0.25f, 0.5f};
        InqSettings settings = new InqSettings(5, new Schedule(new double[] {0.5, 1}), PruningPartition.NAME, 0);
        ModelQuantState state = ModelQuantState.initial(settings, List.of("t"), List.of(new int[] {6}), List.of(w));
        StageQuantizer.applyNextStage(state, List.of(w));
        FreezeMask mask = state.tensors().get(0).mask();
        assertTrue(mask.isFrozen(0) && mask.isFrozen(1) && mask.isFrozen(2));
        assertTrue(!mask.isFrozen(3) && !mask.isFrozen(5));
    }

    @Test
    void randomPartitionIsReproducibleAndUniform() {
        InqSettings a = new InqSettings(5, Schedule.named("alexnet"), RandomPartition.NAME, 7);
        InqSettings b = new InqSettings(5, Schedule.named("alexnet"), RandomPartition.NAME, 8);
        Model m1 = model(a, 1, 20_000);
        Model m2 = model(a, 1, 20_000);
        Model m3 = model(b, 1, 20_000);
        for (Model m : List.of(m1, m2, m3)) {
            StageQuantizer.applyNextStage(m.state, m.weights);
        }
        FreezeMask mask = m1.state.tensors().get(0).mask();
        assertEquals(mask, m2.state.tensors().get(0).mask());
        assertNotEquals(mask, m3.state.tensors().get(0).mask());
        // 30% frozen; each tenth of the tensor should hold about 600 of the 6000 (sd ~ 23)
        for (int part = 0; part < 10; part++) {
            int frozen = 0;
            for (int i = part * 2000; i < (part + 1) * 2000; i++) {
                frozen += mask.isFrozen(i) ? 1 : 0;
            }
            assertTrue(Math.abs(frozen - 600) < 120, "part " + part + " froze " + frozen);
        }
        // and independent of magnitude: the frozen weights' mean |w| is close to the tensor's
        float[] w0 = model(a, 1, 20_000).weights.get(0);
        double all = 0;
        double frozen = 0;
        for (int i = 0; i < w0.length; i++) {
            all += Math.abs(w0[i]);
            frozen += mask.isFrozen(i) ? Math.abs(w0[i]) : 0;
        }
        double ratio = (frozen / mask.frozenCount()) / (all / w0.length);
        assertTrue(Math.abs(ratio - 1) < 0.1, "mean |w| ratio " + ratio);
    }

    @Test
    void nonFiniteWeightIsRejectedAndNothingChanges() {
        InqSettings settings = new InqSettings(5, Schedule.named("vgg16"), PruningPartition.NAME, 0);
        Model m = model(settings, 2, 100, 200);
        StageQuantizer.applyNextStage(m.state, m.weights);
        m.weights.get(1)[150] = Float.POSITIVE_INFINITY;
        if (m.state.tensors().get(1).mask().isFrozen(150)) {
            m.weights.get(1)[150] = Float.NaN;
        }
        byte[] stateBefore = QuantStateCodec.encode(m.state);
        List<float[]> weightsBefore = copies(m.weights);
        assertMessage(() -> StageQuantizer.applyNextStage(m.state, m.weights), "'layer1/W'", "index 150", "finite");
        assertArrayEquals(stateBefore, QuantStateCodec.encode(m.state));
        for (int j = 0; j < 2; j++) {
            assertArrayEquals(weightsBefore.get(j), m.weights.get(j));
        }
        assertMessage(() -> StageQuantizer.applyNextStage(m.state, List.of(new float[100], new float[199])),
                "'layer1/W'", "199");
    }

    static List<FreezeMask> masks(Model m) {
        List<FreezeMask> out = new ArrayList<>();
        for (TensorQuantState t : m.state.tensors()) {
            out.add(t.mask().copy());
        }
        return out;
    }

    static List<float[]> copies(List<float[]> ws) {
        List<float[]> out = new ArrayList<>();
        for (float[] w : ws) {
            out.add(w.clone());
        }
        return out;
    }
}

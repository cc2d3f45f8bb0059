package io.github.inqspark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Eq. 4 against a slow, obviously-correct reference, over many random tensors. */
class QuantizationPropertiesTest {

    /** Nearest element of P_l in the linear domain; on a tie the larger magnitude wins. */
    static float naiveNearest(QuantumSet q, float w) {
        float best = 0f;
        double bestDistance = Math.abs((double) w);
        for (float p : q.values()) {
            double d = Math.abs((double) w - p);
            if (d < bestDistance || (d == bestDistance && Math.abs(p) > Math.abs(best))) {
                best = p;
                bestDistance = d;
            }
        }
        return best;
    }

    @Test
    void quantizedValuesLieInPAndAreNearest() {
        int checked = 0;
        for (RandomTensors dist : RandomTensors.values()) {
            for (int bits = 2; bits <= 8; bits++) {
                for (long seed = 0; seed < 6; seed++) {
                    float[] w = dist.draw(2000, seed * 31 + bits);
                    QuantumSet q = QuantumSet.fromPretrained(dist + "-" + seed, w, bits);
                    double maxAbs = 0;
                    for (float v : w) {
                        maxAbs = Math.max(maxAbs, Math.abs(v));
                    }
                    assertTrue(maxAbs < 1.5 * Math.scalb(1.0, q.n1()), "no pre-trained weight needs the clip");
                    assertTrue(maxAbs >= 0.75 * Math.scalb(1.0, q.n1()), "n1 is the largest such exponent");
                    for (float v : w) {
                        float qv = q.quantize(v);
                        assertTrue(q.contains(qv), qv + " not in " + q);
                        assertEquals(naiveNearest(q, v), qv, "Q(" + v + ") in " + q);
                        assertEquals(qv, q.quantize(qv), "Q is idempotent");
                        checked++;
                    }
                }
            }
        }
        assertEquals(5 * 7 * 6 * 2000, checked);
    }

    @Test
    void edgesOfEveryIntervalAgreeWithReference() {
        SplittableRandom r = new SplittableRandom(7);
        for (int bits = 2; bits <= 8; bits++) {
            QuantumSet q = QuantumSet.of(Math.scalb(1.0, r.nextInt(-20, 5)), bits);
            for (int k = q.n2() - 2; k <= q.n1() + 2; k++) {
                for (float edge : new float[] {0.75f * Math.scalb(1f, k), 0.5f * Math.scalb(1f, k),
                        1.5f * Math.scalb(1f, k), Math.scalb(1f, k)}) {
                    for (float w : new float[] {edge, Math.nextDown(edge), Math.nextUp(edge), -edge}) {
                        assertEquals(naiveNearest(q, w), q.quantize(w), "Q(" + w + ") in " + q);
                    }
                }
            }
        }
    }
}

package io.github.inqspark.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-computed cases of Eq. 2-4 (inq-spec.md). */
class QuantumSetTest {

    @ParameterizedTest(name = "s = {0} -> n1 = {1}")
    @CsvSource({
        // 4s/3 and its floor(log2)
        "1.0, 0",        // 1.333 -> 0
        "0.75, 0",       // exactly 1 -> 0: the lower edge belongs to the upper exponent
        "2.0, 1",        // exact power of two: 2.667 -> 1
        "1.5, 1",        // exactly 2 -> 1
        "3.0, 2",        // exactly 4
        "0.1, -3",       // 0.1333 -> -2.9 -> -3
        "0.25, -2",      // 0.333 -> -1.58 -> -2
        "0.0625, -4",    // 2^-4: 0.0833 -> -3.58 -> -4
        "100.0, 7",      // 133.3 -> 7.06 -> 7
    })
    void upperExponentFromMaxAbs(double s, int n1) {
        assertEquals(n1, QuantumSet.of(s, 5).n1());
    }

    @Test
    void upperExponentJustBelowAndAboveEdges() {
        assertEquals(0, QuantumSet.of(Math.nextDown(1.5f), 5).n1());   // just below 1.5 * 2^0
        assertEquals(1, QuantumSet.of(Math.nextUp(1.5f), 5).n1());     // just above
        assertEquals(-1, QuantumSet.of(Math.nextDown(0.75f), 5).n1()); // just below 0.75 * 2^0
        assertEquals(0, QuantumSet.of(Math.nextUp(0.75f), 5).n1());
        assertEquals(3, QuantumSet.of(Math.nextDown(12.0f), 5).n1());  // 1.5 * 2^3
        assertEquals(3, QuantumSet.of(8.0f, 5).n1());                  // 2^3 itself: 10.67 -> 3
    }

    @Test
    void publicCodesMistakeIsNotMade() {
        // floor(log2(s) * 4/3) differs from floor(log2(4s/3)) here: s = 0.1 gives -5 vs -3.
        assertEquals(-5, (int) Math.floor(Math.log(0.1) / Math.log(2) * 4 / 3));
        assertEquals(-3, QuantumSet.of(0.1, 5).n1());
    }

    @ParameterizedTest(name = "b = {0} -> n2 = n1 - {1}, {2} values")
    @CsvSource({"2, 0, 3", "3, 1, 5", "4, 3, 9", "5, 7, 17", "6, 15, 33", "8, 63, 129"})
    void lowerExponentAndSize(int bits, int below, int size) {
        QuantumSet q = QuantumSet.of(1.0, bits);
        assertEquals(0, q.n1());
        assertEquals(-below, q.n2());
        assertEquals(size, q.size());
        assertEquals(size, q.values().length);
    }

    @Test
    void ternaryIsMinusPowerZeroPower() {
        QuantumSet q = QuantumSet.of(1.0, 2);
        assertArrayEquals(new float[] {-1f, 0f, 1f}, q.values());
    }

    @Test
    void threeBitRoundingAtEveryEdge() {
        QuantumSet q = QuantumSet.of(1.0, 3); // P = {±1, ±0.5, 0}, zero threshold 0.25
        assertEquals(0.25, q.zeroThreshold());
        float[][] table = {
            // w, Q(w)
            {0f, 0f},
            {Math.nextDown(0.25f), 0f},
            {0.25f, 0.5f},                 // tie at the zero threshold goes up
            {0.5f, 0.5f},
            {Math.nextDown(0.75f), 0.5f},
            {0.75f, 1f},                   // tie between 0.5 and 1 goes up
            {1f, 1f},
            {Math.nextDown(1.5f), 1f},
            {1.5f, 1f},                    // at and above 1.5 * 2^n1: clipped to 2^n1, never zero
            {100f, 1f},
            {Float.MAX_VALUE, 1f},
        };
        for (float[] row : table) {
            assertEquals(row[1], q.quantize(row[0]), "Q(" + row[0] + ")");
            assertEquals(row[1] == 0f ? 0f : -row[1], q.quantize(-row[0]), "Q(" + -row[0] + ") (zero is always +0.0)");
        }
    }

    @Test
    void fiveBitRoundingAtEveryEdge() {
        QuantumSet q = QuantumSet.of(1.0, 5); // {±2^0 .. ±2^-7, 0}, zero below 2^-8
        assertEquals(0f, q.quantize(Math.nextDown(0x1p-8f)));
        assertEquals(0x1p-7f, q.quantize(0x1p-8f));
        for (int k = -6; k <= 0; k++) {
            float edge = 0.75f * Math.scalb(1f, k);
            assertEquals(Math.scalb(1f, k), q.quantize(edge), "edge of 2^" + k);
            assertEquals(Math.scalb(1f, k - 1), q.quantize(Math.nextDown(edge)), "below edge of 2^" + k);
            assertEquals(-Math.scalb(1f, k), q.quantize(-edge));
        }
        assertEquals(1f, q.quantize(1.49f));
        assertEquals(1f, q.quantize(7f));
    }

    @Test
    void eightBitAndFourBitZeroThresholds() {
        QuantumSet q8 = QuantumSet.of(0.5, 8); // n1 = -1, n2 = -64
        assertEquals(-1, q8.n1());
        assertEquals(-64, q8.n2());
        assertEquals(0f, q8.quantize(Math.nextDown(0x1p-65f)));
        assertEquals(0x1p-64f, q8.quantize(0x1p-65f));
        QuantumSet q4 = QuantumSet.of(0.3, 4); // 0.4 -> n1 = -2, n2 = -5
        assertEquals(-2, q4.n1());
        assertEquals(-5, q4.n2());
        assertEquals(0f, q4.quantize(Math.nextDown(0x1p-6f)));
        assertEquals(-0x1p-5f, q4.quantize(-0x1p-6f));
        assertEquals(0.25f, q4.quantize(0.3f));
        assertEquals(0.25f, q4.quantize(1e6f));
    }

    @Test
    void twoBitRounding() {
        QuantumSet q = QuantumSet.of(Math.nextDown(1.5f), 2); // n1 = n2 = 0: {-1, 0, 1}, zero below 0.5
        assertEquals(0f, q.quantize(0.4999f));
        assertEquals(1f, q.quantize(0.5f));
        assertEquals(-1f, q.quantize(-0.5f));
        assertEquals(1f, q.quantize(3f));
    }

    @Test
    void everyPretrainedWeightIsBelowTheClip() {
        float[] w = {0.3f, -1.2f, 0.9f};
        QuantumSet q = QuantumSet.fromPretrained("conv1", w, 5);
        assertTrue(1.2 < 1.5 * Math.scalb(1.0, q.n1()));
        assertTrue(1.2 >= 0.75 * Math.scalb(1.0, q.n1()));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void codesRoundTripEveryValue(int bits) {
        QuantumSet q = QuantumSet.of(0.9, bits);
        float[] values = q.values();
        boolean[] seen = new boolean[values.length];
        for (float v : values) {
            int c = q.code(v);
            assertTrue(c >= 0 && c <= (1 << (bits - 1)));
            assertFalse(seen[c], "code " + c + " used twice");
            seen[c] = true;
            assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(q.value(c)));
        }
        assertEquals(0, q.code(-0f));
        assertThrows(IllegalArgumentException.class, () -> q.value(1 << (bits - 1) + 1));
        assertThrows(IllegalArgumentException.class, () -> q.value(-1));
    }

    @Test
    void containsIsExact() {
        QuantumSet q = QuantumSet.of(1.0, 3);
        assertTrue(q.contains(0f));
        assertTrue(q.contains(-0.5f));
        assertFalse(q.contains(0.25f));
        assertFalse(q.contains(2f));
        assertFalse(q.contains(Math.nextUp(1f)));
        assertFalse(q.contains(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> q.code(0.3f));
    }

    @Test
    void subnormalPowersAreExact() {
        QuantumSet q = new QuantumSet(-85, -148, 8); // 2^-148 is a subnormal float
        assertTrue(q.contains(0x1p-148f));
        assertEquals(0x1p-148f, q.value(1));
        assertEquals(1, q.code(0x1p-148f));
        assertEquals(0x1p-148f, q.quantize(0x1p-149f)); // the zero threshold 2^-149, tie goes up
        assertThrows(IllegalArgumentException.class, () -> QuantumSet.of(0x1p-100, 8)); // n2 = -163
    }

    @Test
    void minErrorRuleTradesTheOutlierForTheBulkByHand() {
        // one weight 1.0 and a hundred 0.1, 3 bits. Paper: n1 = 0, P = {0, 0.5, 1}, zero threshold
        // 0.25: the 0.1s become 0, error 100 x 0.01 = 1.0. n1 = -1: 1.0 -> 0.5 (0.25), 0.1 -> 0
        // (threshold 0.125): 1.25. n1 = -2: 1.0 -> 0.25 (0.5625), 0.1 -> 0.125 (100 x 0.000625):
        // 0.625. n1 = -3: 1.0 -> 0.125 (0.765625) + 0.0625 = 0.828125. Smallest: n1 = -2.
        float[] w = new float[101];
        java.util.Arrays.fill(w, 0.1f);
        w[0] = 1f;
        assertEquals(new QuantumSet(0, -1, 3), QuantumSet.fromPretrained("fc", w, 3, QuantumSet.N1_PAPER));
        QuantumSet q = QuantumSet.fromPretrained("fc", w, 3, QuantumSet.N1_MIN_ERROR);
        assertEquals(new QuantumSet(-2, -3, 3), q);
        assertEquals(0.5625 + 100 * Math.pow(0.125 - 0.1f, 2), q.squaredError(w), 1e-9);
        assertEquals(1.0, new QuantumSet(0, -1, 3).squaredError(w), 1e-6);
        assertMessage(() -> QuantumSet.fromPretrained("fc", w, 3, "median"), "unknown n1 rule 'median'");
    }

    @Test
    void minErrorRuleNeverRaisesTheErrorOrN1() {
        for (RandomTensors d : RandomTensors.values()) {
            for (int bits = 2; bits <= 8; bits++) {
                float[] w = d.draw(5000, bits * 7L);
                QuantumSet paper = QuantumSet.fromPretrained("t", w, bits, QuantumSet.N1_PAPER);
                QuantumSet best = QuantumSet.fromPretrained("t", w, bits, QuantumSet.N1_MIN_ERROR);
                assertTrue(best.n1() <= paper.n1(), d + " b=" + bits);
                assertTrue(best.squaredError(w) <= paper.squaredError(w), d + " b=" + bits);
                for (int k = 1; k <= 3; k++) { // and no neighbour below does better
                    int n1 = best.n1() - k;
                    if (n1 >= paper.n1() - QuantumSet.MIN_ERROR_SEARCH) {
                        QuantumSet other = new QuantumSet(n1, QuantumSet.lowerExponent(n1, bits), bits);
                        assertTrue(best.squaredError(w) <= other.squaredError(w), d + " b=" + bits + " n1=" + n1);
                    }
                }
            }
        }
    }

    @Test
    void rejectsBadInput() {
        assertMessage(() -> QuantumSet.fromPretrained("fc1", new float[] {0.1f, Float.NaN}, 5), "'fc1'", "NaN", "index 1");
        assertMessage(() -> QuantumSet.fromPretrained("fc1", new float[] {Float.NEGATIVE_INFINITY}, 5), "'fc1'", "Infinity");
        assertMessage(() -> QuantumSet.fromPretrained("conv2", new float[0], 5), "'conv2'", "empty");
        assertMessage(() -> QuantumSet.fromPretrained("conv3", new float[] {0f, -0f}, 5), "'conv3'", "all zeros");
        assertMessage(() -> QuantumSet.fromPretrained("c", new float[] {1f}, 1), "2..8", "found 1");
        assertMessage(() -> QuantumSet.fromPretrained("c", new float[] {1f}, 9), "2..8", "found 9");
        assertMessage(() -> QuantumSet.of(1.0, 5).quantize(Float.NaN), "non-finite");
        assertMessage(() -> new QuantumSet(0, -3, 5), "n2 must be");
        assertMessage(() -> QuantumSet.fromPretrained("tiny", new float[] {0x1p-140f}, 8), "'tiny'", "not representable");
    }

    static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should contain '" + p + "'");
        }
    }
}

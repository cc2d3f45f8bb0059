package io.github.inqspark.core;

/**
 * The quantum set P_l = { ±2^n1, ..., ±2^n2, 0 } of one quantizable tensor, and its rounding.
 *
 * <p>Computed once, from the pre-trained tensor (spec decision 1), and stored with the model:
 * <pre>
 *   (2) n1 = floor(log2(4 s / 3)),  s = max |W| of the pre-trained tensor
 *   (3) n2 = n1 + 1 - 2^(b-1) / 2            (b = 2: n2 = n1;  b = 5: n2 = n1 - 7)
 *   (4) Q(w) = sgn(w) * 2^k   for 0.75 * 2^k <= |w| < 1.5 * 2^k,  n2 < k <= n1
 *       Q(w) = sgn(w) * 2^n2  for 0.5 * 2^n2 <= |w| < 1.5 * 2^n2
 *       Q(w) = 0              for |w| < 2^(n2 - 1)
 *       Q(w) = sgn(w) * 2^n1  for |w| >= 1.5 * 2^n1 (a weight that grew in re-training is clipped)
 * </pre>
 * Ties at an interval's lower edge go up, as the inequalities say. That is nearest-neighbour
 * rounding in the linear domain: the midpoint between 2^(k-1) and 2^k is 0.75 * 2^k.
 *
 * <p>All arithmetic is exact: floor(log2(4x/3)) is read off the binary exponent and the first
 * mantissa bit (x = m * 2^e, m in [1, 2): the answer is e, plus one when m >= 1.5), so no
 * floating-point log can misplace a weight that sits exactly on an edge.
 *
 * <p>Codes, for the packed format: code 0 is zero; codes 1 .. 2^(b-1) are the signed powers,
 * {@code code - 1 = sign << (b-2) | (k - n2)} with sign 1 for negative. That is 2^(b-1) + 1 values:
 * one flag for zero plus b-1 bits for a signed power, the paper's variable-length code.
 *
 * @param n1 the largest exponent
 * @param n2 the smallest exponent
 * @param bits the expected bit-width b, 2..8
 */
public record QuantumSet(int n1, int n2, int bits) {

    public static final int MIN_BITS = 2;
    public static final int MAX_BITS = 8;
    /** 2^-149 is the smallest positive float; every element of P_l must be exact in float32. */
    static final int MIN_EXPONENT = -149;
    /** 2^127 is the largest power of two in float32. */
    static final int MAX_EXPONENT = 127;

    public QuantumSet {
        checkBits(bits);
        if (n2 != lowerExponent(n1, bits)) {
            throw new IllegalArgumentException("n2 must be n1 + 1 - 2^(b-2) = "
                    + lowerExponent(n1, bits) + " for n1 = " + n1 + ", b = " + bits + ", found " + n2);
        }
        if (n1 > MAX_EXPONENT || n2 < MIN_EXPONENT) {
            throw new IllegalArgumentException("P_l = {2^" + n2 + " .. 2^" + n1
                    + "} is not representable in float32 (exponents must lie in [" + MIN_EXPONENT
                    + ", " + MAX_EXPONENT + "])");
        }
    }

    /** The quantum set for a tensor whose largest magnitude is {@code maxAbs} (Eq. 2, 3). */
    public static QuantumSet of(double maxAbs, int bits) {
        checkBits(bits);
        if (!(maxAbs > 0) || Double.isInfinite(maxAbs)) {
            throw new IllegalArgumentException("max |W| must be positive and finite, found " + maxAbs);
        }
        int n1 = floorLog2FourThirds(maxAbs);
        return new QuantumSet(n1, lowerExponent(n1, bits), bits);
    }

    /**
     * The quantum set of a pre-trained tensor, from its weights.
     *
     * @throws IllegalArgumentException naming the tensor if it is empty, all zero, or holds a
     *         non-finite value (naming its index too)
     */
    public static QuantumSet fromPretrained(String tensor, float[] weights, int bits) {
        checkBits(bits);
        if (weights.length == 0) {
            throw new IllegalArgumentException("tensor '" + tensor + "' is empty: nothing to quantize");
        }
        float maxAbs = 0f;
        for (int i = 0; i < weights.length; i++) {
            float a = Math.abs(weights[i]);
            if (!Float.isFinite(a)) {
                throw new IllegalArgumentException("tensor '" + tensor + "' holds " + weights[i]
                        + " at index " + i + ": weights must be finite");
            }
            if (a > maxAbs) {
                maxAbs = a;
            }
        }
        if (maxAbs == 0f) {
            throw new IllegalArgumentException("tensor '" + tensor + "' is all zeros (max |W| = 0):"
                    + " Eq. 2 gives no n1; such a tensor has nothing to learn from quantization");
        }
        try {
            return of(maxAbs, bits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor '" + tensor + "': " + e.getMessage(), e);
        }
    }

    /** How far below the paper's n1 the min-error rule looks (a shift of 2^-8 of the largest weight). */
    static final int MIN_ERROR_SEARCH = 8;

    /**
     * The quantum set of a pre-trained tensor under an n1 rule: {@code paper} (Eq. 2, from the
     * largest weight) or {@code min-error} (the n1 at or below Eq. 2's whose P_l gives the smallest
     * sum of squared rounding errors over the tensor; ties keep the larger n1). At 3 and 2 bits one
     * outlier can put the paper's zero threshold above most of a layer; min-error trades clipping
     * the outlier for representing the bulk.
     */
    public static QuantumSet fromPretrained(String tensor, float[] weights, int bits, String n1Rule) {
        QuantumSet paper = fromPretrained(tensor, weights, bits);
        return switch (n1Rule) {
            case N1_PAPER -> paper;
            case N1_MIN_ERROR -> minError(weights, paper);
            default -> throw new IllegalArgumentException("unknown n1 rule '" + n1Rule + "' (known: " + N1_PAPER
                    + ", " + N1_MIN_ERROR + ")");
        };
    }

    public static final String N1_PAPER = "paper";
    public static final String N1_MIN_ERROR = "min-error";

    private static QuantumSet minError(float[] weights, QuantumSet paper) {
        QuantumSet best = paper;
        double bestError = paper.squaredError(weights);
        for (int n1 = paper.n1 - 1; n1 >= paper.n1 - MIN_ERROR_SEARCH; n1--) {
            int n2 = lowerExponent(n1, paper.bits);
            if (n2 < MIN_EXPONENT) {
                break;
            }
            QuantumSet q = new QuantumSet(n1, n2, paper.bits);
            double e = q.squaredError(weights);
            if (e < bestError) {
                best = q;
                bestError = e;
            }
        }
        return best;
    }

    /** The sum over the tensor of (w - Q(w))^2, in double. */
    public double squaredError(float[] weights) {
        double sum = 0;
        for (float w : weights) {
            double d = (double) w - quantize(w);
            sum += d * d;
        }
        return sum;
    }

    /** Eq. 3: n2 = n1 + 1 - 2^(b-1)/2 = n1 + 1 - 2^(b-2). */
    public static int lowerExponent(int n1, int bits) {
        return n1 + 1 - (1 << (bits - 2));
    }

    /** floor(log2(4x/3)) for positive finite x, exactly: the k with 0.75*2^k <= x < 1.5*2^k. */
    static int floorLog2FourThirds(double x) {
        // x = m * 2^e with m in [1, 2); 4m/3 reaches 2 exactly when m >= 1.5, the top mantissa bit.
        int e = Math.getExponent(x);
        long topMantissaBit = (Double.doubleToRawLongBits(x) >>> 51) & 1L;
        return e + (int) topMantissaBit;
    }

    private static void checkBits(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("bit-width b must be in " + MIN_BITS + ".." + MAX_BITS
                    + ", found " + bits);
        }
    }

    /** How many distinct powers of two (magnitudes): n1 - n2 + 1 = 2^(b-2). */
    public int magnitudes() {
        return n1 - n2 + 1;
    }

    /** How many values P_l holds: 2^(b-1) + 1. */
    public int size() {
        return 2 * magnitudes() + 1;
    }

    /** |w| below this rounds to zero: 2^(n2-1). */
    public double zeroThreshold() {
        return Math.scalb(1.0, n2 - 1);
    }

    /**
     * Eq. 4. {@code w} must be finite; a NaN is the caller's bug and is rejected. Zero is always
     * returned as +0.0, so a quantized tensor has one bit pattern per value of P_l.
     */
    public float quantize(float w) {
        int bits = Float.floatToRawIntBits(w);
        int a = bits & 0x7FFFFFFF;
        if (a >= 0x7F800000) {
            throw new IllegalArgumentException("cannot quantize a non-finite weight: " + w);
        }
        if (n2 <= Float.MIN_EXPONENT) {
            return quantizeNearSubnormal(w);
        }
        // Fast path: 2^(n2-1) and every element of P_l are normal floats, so the exponent field
        // and the first mantissa bit give floor(log2(4|w|/3)) directly (see the class comment).
        if (a < (n2 - 1 + 127) << 23) {
            return 0f;
        }
        int k = (a >>> 23) - 127 + ((a >>> 22) & 1);
        k = Math.max(n2, Math.min(n1, k));
        return Float.intBitsToFloat((bits & 0x80000000) | (k + 127) << 23);
    }

    /** Eq. 4 in double, exact for subnormal floats too; used when P_l reaches below 2^-126. */
    private float quantizeNearSubnormal(float w) {
        double a = Math.abs((double) w);
        if (a < zeroThreshold()) {
            return 0f;
        }
        int k = Math.max(n2, Math.min(n1, floorLog2FourThirds(a)));
        return Math.copySign(Math.scalb(1f, k), w);
    }

    /** The rounding error |w - Q(w)|, computed in double (exact for float inputs). */
    public double error(float w) {
        return Math.abs((double) w - quantize(w));
    }

    /** True iff {@code v} is an element of P_l (bit-exact, so -0.0 counts as zero). */
    public boolean contains(float v) {
        if (v == 0f) {
            return true;
        }
        if (!Float.isFinite(v)) {
            return false;
        }
        double a = Math.abs((double) v);
        int k = Math.getExponent(a); // exact for float subnormals too, which are normal doubles
        return k >= n2 && k <= n1 && Math.scalb(1.0, k) == a;
    }

    /** The code of a value of P_l (see the class comment). */
    public int code(float v) {
        if (!contains(v)) {
            throw new IllegalArgumentException(v + " is not in P_l = " + this);
        }
        if (v == 0f) {
            return 0;
        }
        int sign = v < 0 ? 1 : 0;
        int j = Math.getExponent((double) v) - n2;
        return 1 + (sign << (bits - 2) | j);
    }

    /** The value of a code in 0 .. 2^(b-1). */
    public float value(int code) {
        if (code < 0 || code > (1 << (bits - 1))) {
            throw new IllegalArgumentException("code " + code + " is outside 0.." + (1 << (bits - 1))
                    + " for b = " + bits);
        }
        if (code == 0) {
            return 0f;
        }
        int c = code - 1;
        int j = c & ((1 << (bits - 2)) - 1);
        float magnitude = Math.scalb(1f, n2 + j);
        return (c >>> (bits - 2)) == 1 ? -magnitude : magnitude;
    }

    /** Every value of P_l in ascending order. */
    public float[] values() {
        int m = magnitudes();
        float[] out = new float[2 * m + 1];
        for (int j = 0; j < m; j++) {
            out[m - 1 - j] = -Math.scalb(1f, n2 + j);
            out[m + 1 + j] = Math.scalb(1f, n2 + j);
        }
        out[m] = 0f;
        return out;
    }

    @Override
    public String toString() {
        return "{±2^" + n2 + " .. ±2^" + n1 + ", 0} (b=" + bits + ")";
    }
}

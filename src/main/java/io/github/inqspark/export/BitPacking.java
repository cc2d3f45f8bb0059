package io.github.inqspark.export;

/**
 * Fixed-width codes packed tightly, most significant bit first: code i occupies bits
 * [i*b, (i+1)*b) of the byte stream. n codes of b bits take ceil(n*b/8) bytes.
 */
final class BitPacking {

    private BitPacking() {
    }

    static long packedBytes(long count, int bits) {
        return (count * bits + 7) / 8;
    }

    static byte[] pack(byte[] codes, int bits) {
        byte[] out = new byte[Math.toIntExact(packedBytes(codes.length, bits))];
        long bit = 0;
        for (byte c : codes) {
            int v = c & 0xFF;
            if (v >>> bits != 0) {
                throw new IllegalArgumentException("code " + v + " does not fit " + bits + " bits");
            }
            for (int k = bits - 1; k >= 0; k--, bit++) {
                if (((v >>> k) & 1) != 0) {
                    out[(int) (bit >>> 3)] |= (byte) (0x80 >>> (bit & 7));
                }
            }
        }
        return out;
    }

    static byte[] unpack(byte[] packed, int count, int bits) {
        if (packed.length != packedBytes(count, bits)) {
            throw new IllegalArgumentException(count + " codes of " + bits + " bits need " + packedBytes(count, bits)
                    + " bytes, found " + packed.length);
        }
        byte[] codes = new byte[count];
        long bit = 0;
        for (int i = 0; i < count; i++) {
            int v = 0;
            for (int k = 0; k < bits; k++, bit++) {
                v = v << 1 | ((packed[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1);
            }
            codes[i] = (byte) v;
        }
        return codes;
    }
}

package io.github.inqspark.export;

import io.github.inqspark.core.QuantumSet;

/**
 * The sizes of one tensor's codes in the two encodings: fixed width (b bits per weight) and
 * canonical Huffman over its code histogram (one length byte per value of P_l, a u32 stream size,
 * the stream). Huffman is only usable when its longest code fits {@link CanonicalHuffman#MAX_LENGTH}.
 */
record TensorCoding(long fixedBytes, long huffmanBytes, int[] lengths) {

    static TensorCoding of(byte[] codes, QuantumSet q) {
        long[] histogram = new long[q.size()];
        for (byte c : codes) {
            histogram[c & 0xFF]++;
        }
        int[] lengths = CanonicalHuffman.lengths(histogram);
        long fixed = BitPacking.packedBytes(codes.length, q.bits());
        long huffman = CanonicalHuffman.maxLength(lengths) > CanonicalHuffman.MAX_LENGTH ? Long.MAX_VALUE
                : q.size() + 4L + (CanonicalHuffman.codedBits(histogram, lengths) + 7) / 8;
        return new TensorCoding(fixed, huffman, lengths);
    }
}

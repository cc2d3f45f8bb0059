package io.github.inqspark.export;

import java.io.IOException;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Canonical Huffman codes over one tensor's code histogram (deep compression's entropy stage): the
 * file stores only each symbol's code length; codes are assigned in order of (length, symbol), so
 * the writer and the reader derive the same table. Lengths are limited to {@link #MAX_LENGTH}; a
 * histogram that would need longer codes is left to the fixed-width encoding by the caller.
 */
final class CanonicalHuffman {

    static final int MAX_LENGTH = 24;

    private CanonicalHuffman() {
    }

    /** Huffman code lengths for the histogram (0 for unused symbols; a lone symbol gets length 1). */
    static int[] lengths(long[] counts) {
        int n = counts.length;
        int[] len = new int[n];
        int used = 0;
        for (long c : counts) {
            used += c > 0 ? 1 : 0;
        }
        if (used == 0) {
            return len;
        }
        if (used == 1) {
            for (int s = 0; s < n; s++) {
                len[s] = counts[s] > 0 ? 1 : 0;
            }
            return len;
        }
        // nodes 0..n-1 are symbols, n.. are merged nodes; ties broken by node index for determinism
        long[] weight = new long[2 * n];
        int[] parent = new int[2 * n];
        Arrays.fill(parent, -1);
        PriorityQueue<Integer> q = new PriorityQueue<>((a, b) -> weight[a] != weight[b]
                ? Long.compare(weight[a], weight[b]) : Integer.compare(a, b));
        for (int s = 0; s < n; s++) {
            if (counts[s] > 0) {
                weight[s] = counts[s];
                q.add(s);
            }
        }
        int next = n;
        while (q.size() > 1) {
            int a = q.poll();
            int b = q.poll();
            weight[next] = weight[a] + weight[b];
            parent[a] = next;
            parent[b] = next;
            q.add(next++);
        }
        for (int s = 0; s < n; s++) {
            if (counts[s] > 0) {
                int d = 0;
                for (int v = s; parent[v] >= 0; v = parent[v]) {
                    d++;
                }
                len[s] = d;
            }
        }
        return len;
    }

    static int maxLength(int[] lengths) {
        return Arrays.stream(lengths).max().orElse(0);
    }

    /** Total bits of the coded symbols. */
    static long codedBits(long[] counts, int[] lengths) {
        long bits = 0;
        for (int s = 0; s < counts.length; s++) {
            bits += counts[s] * lengths[s];
        }
        return bits;
    }

    /** The canonical code of each symbol (valid where its length is non-zero). */
    static int[] codes(int[] lengths) {
        int[] codes = new int[lengths.length];
        int code = 0;
        for (int l = 1; l <= MAX_LENGTH; l++) {
            for (int s = 0; s < lengths.length; s++) {
                if (lengths[s] == l) {
                    codes[s] = code++;
                }
            }
            code <<= 1;
        }
        return codes;
    }

    static byte[] encode(byte[] symbols, int[] lengths) {
        int[] codes = codes(lengths);
        long bits = 0;
        for (byte s : symbols) {
            bits += lengths[s & 0xFF];
        }
        byte[] out = new byte[Math.toIntExact((bits + 7) / 8)];
        long bit = 0;
        for (byte b : symbols) {
            int s = b & 0xFF;
            int c = codes[s];
            for (int k = lengths[s] - 1; k >= 0; k--, bit++) {
                if (((c >>> k) & 1) != 0) {
                    out[(int) (bit >>> 3)] |= (byte) (0x80 >>> (bit & 7));
                }
            }
        }
        return out;
    }

    /** Checks lengths read from a file: within the limit and a prefix code (Kraft sum at most 1). */
    static void validate(int[] lengths, String what) throws IOException {
        long kraft = 0; // in units of 2^-MAX_LENGTH
        for (int l : lengths) {
            if (l < 0 || l > MAX_LENGTH) {
                throw new IOException(what + ": code length " + l + " outside 0.." + MAX_LENGTH);
            }
            if (l > 0) {
                kraft += 1L << (MAX_LENGTH - l);
            }
        }
        if (kraft > 1L << MAX_LENGTH) {
            throw new IOException(what + ": code lengths do not form a prefix code");
        }
    }

    /** Decodes exactly {@code count} symbols; a code that matches no symbol or a short stream is an error. */
    static byte[] decode(byte[] stream, int count, int[] lengths, String what) throws IOException {
        // canonical decoding: per length, the first code and the index of its first symbol
        int[] firstCode = new int[MAX_LENGTH + 2];
        int[] firstIndex = new int[MAX_LENGTH + 2];
        int[] perLength = new int[MAX_LENGTH + 2];
        for (int l : lengths) {
            if (l > 0) {
                perLength[l]++;
            }
        }
        int[] sorted = new int[Arrays.stream(perLength).sum()];
        int code = 0;
        int index = 0;
        for (int l = 1; l <= MAX_LENGTH; l++) {
            firstCode[l] = code;
            firstIndex[l] = index;
            for (int s = 0; s < lengths.length; s++) {
                if (lengths[s] == l) {
                    sorted[index++] = s;
                }
            }
            code = (code + perLength[l]) << 1;
        }
        byte[] out = new byte[count];
        long bit = 0;
        long totalBits = 8L * stream.length;
        for (int i = 0; i < count; i++) {
            int c = 0;
            int l = 0;
            while (true) {
                if (bit >= totalBits) {
                    throw new IOException(what + ": coded stream ends after " + i + " of " + count + " weights");
                }
                c = c << 1 | ((stream[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1);
                bit++;
                l++;
                if (l > MAX_LENGTH) {
                    throw new IOException(what + ": invalid code at weight " + i);
                }
                int offset = c - firstCode[l];
                if (perLength[l] > 0 && offset >= 0 && offset < perLength[l]) {
                    out[i] = (byte) sorted[firstIndex[l] + offset];
                    break;
                }
            }
        }
        if ((totalBits - bit) >= 8) {
            throw new IOException(what + ": " + (totalBits - bit) / 8 + " unused bytes after the coded weights");
        }
        return out;
    }
}

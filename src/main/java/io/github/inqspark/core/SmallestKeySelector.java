package io.github.inqspark.core;

import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Freezes exactly {@code count} free weights with the smallest keys, ties to the lower index, in
 * linear time and without sorting: a two-level radix selection over the 31-bit keys (high 15
 * bits, then low 16 bits) finds the cut key T and how many weights with key T to take; a final
 * pass freezes every free weight below T and, in index order, the first ones at T.
 *
 * <p>Each pass runs over chunks of the tensor in parallel (chunks are whole 64-bit mask words, so
 * no two threads touch one word); the result does not depend on the number of threads.
 */
public final class SmallestKeySelector {

    /** Weights per parallel chunk: a multiple of 64; large enough that histograms stay cheap. */
    static final int CHUNK = 1 << 21;

    private SmallestKeySelector() {
    }

    /**
     * Freezes the selected weights in {@code mask} and calls {@code onFreeze} once for each
     * selected index, before its bit is set. Calls may come from several threads at once, never
     * twice for one index.
     *
     * @throws IllegalArgumentException if fewer than {@code count} weights are free
     */
    public static void select(WeightKey keys, FreezeMask mask, int count, IntConsumer onFreeze) {
        int free = mask.freeCount();
        if (count < 0 || count > free) {
            throw new IllegalArgumentException("cannot select " + count + " of " + free + " free weights");
        }
        if (count == 0) {
            return;
        }
        int chunks = (mask.size() + CHUNK - 1) / CHUNK;
        if (count == free) {
            freezeChunks(chunks, mask, c -> Cut.ALL, keys, onFreeze);
            return;
        }

        int[] high = IntStream.range(0, chunks).parallel()
                .mapToObj(c -> highHistogram(keys, mask, c))
                .reduce(SmallestKeySelector::add).orElseThrow();
        int bucket = 0;
        int below = 0;
        while (below + high[bucket] < count) {
            below += high[bucket++];
        }

        final int chosenBucket = bucket;
        int[][] lows = IntStream.range(0, chunks).parallel()
                .mapToObj(c -> lowHistogram(keys, mask, c, chosenBucket))
                .toArray(int[][]::new);
        int[] low = new int[1 << 16];
        for (int[] l : lows) {
            add(low, l);
        }
        int lowCut = 0;
        while (below + low[lowCut] < count) {
            below += low[lowCut++];
        }
        int cut = bucket << 16 | lowCut;

        // The weights at the cut are taken in index order: hand each chunk its share.
        int atCut = count - below;
        int[] quota = new int[chunks];
        for (int c = 0; c < chunks && atCut > 0; c++) {
            quota[c] = Math.min(atCut, lows[c][lowCut]);
            atCut -= quota[c];
        }
        freezeChunks(chunks, mask, c -> new Cut(cut, quota[c]), keys, onFreeze);
    }

    /** Freeze every free key below {@code key}, and the first {@code takeAtKey} free ones equal to it. */
    private record Cut(int key, int takeAtKey) {
        /** Every free weight, whatever its key: the last stage needs no ranking. */
        static final Cut ALL = new Cut(Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    private static void freezeChunks(int chunks, FreezeMask mask, IntFunction<Cut> cuts,
                                     WeightKey keys, IntConsumer onFreeze) {
        int frozen = IntStream.range(0, chunks).parallel()
                .map(c -> freezeChunk(keys, mask, c, cuts.apply(c), onFreeze))
                .sum();
        mask.addFrozenCount(frozen);
    }

    // The loops below are branch-free in the mask: at stage 2 and later the free weights are
    // scattered, and a branch on each bit would be mispredicted half the time.

    private static int freezeChunk(WeightKey keys, FreezeMask mask, int chunk, Cut cut, IntConsumer onFreeze) {
        long[] words = mask.words();
        int start = chunk * CHUNK;
        int end = Math.min(mask.size(), start + CHUNK);
        int takeAtKey = cut.takeAtKey();
        int frozen = 0;
        for (int base = start; base < end; base += 64) {
            int limit = Math.min(64, end - base);
            long free = ~words[base >>> 6] & (-1L >>> (64 - limit));
            if (free == 0) {
                continue;
            }
            long set;
            if (cut == Cut.ALL) {
                set = free;
            } else {
                long below = 0;
                long at = 0;
                for (int b = 0; b < limit; b++) {
                    int k = keys.key(base + b);
                    below |= (long) (k < cut.key() ? 1 : 0) << b;
                    at |= (long) (k == cut.key() ? 1 : 0) << b;
                }
                set = below & free;
                long atFree = at & free;
                while (atFree != 0 && takeAtKey > 0) { // the lowest indices at the cut first
                    long lowest = atFree & -atFree;
                    set |= lowest;
                    atFree ^= lowest;
                    takeAtKey--;
                }
            }
            for (long bits = set; bits != 0; bits &= bits - 1) {
                onFreeze.accept(base + Long.numberOfTrailingZeros(bits));
            }
            words[base >>> 6] |= set;
            frozen += Long.bitCount(set);
        }
        return frozen;
    }

    private static int[] highHistogram(WeightKey keys, FreezeMask mask, int chunk) {
        int[] h = new int[1 << 15];
        long[] words = mask.words();
        int start = chunk * CHUNK;
        int end = Math.min(mask.size(), start + CHUNK);
        for (int base = start; base < end; base += 64) {
            long free = ~words[base >>> 6];
            if (free == 0) {
                continue;
            }
            int limit = Math.min(64, end - base);
            for (int b = 0; b < limit; b++) {
                h[keys.key(base + b) >>> 16] += (int) (free >>> b) & 1;
            }
        }
        return h;
    }

    private static int[] lowHistogram(WeightKey keys, FreezeMask mask, int chunk, int bucket) {
        int[] h = new int[1 << 16];
        long[] words = mask.words();
        int start = chunk * CHUNK;
        int end = Math.min(mask.size(), start + CHUNK);
        for (int base = start; base < end; base += 64) {
            long free = ~words[base >>> 6];
            if (free == 0) {
                continue;
            }
            int limit = Math.min(64, end - base);
            for (int b = 0; b < limit; b++) {
                int k = keys.key(base + b);
                h[k & 0xFFFF] += (int) (free >>> b) & (k >>> 16 == bucket ? 1 : 0);
            }
        }
        return h;
    }

    private static int[] add(int[] into, int[] other) {
        for (int i = 0; i < into.length; i++) {
            into[i] += other[i];
        }
        return into;
    }
}

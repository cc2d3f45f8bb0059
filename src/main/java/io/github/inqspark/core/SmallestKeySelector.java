package io.github.inqspark.core;

import java.util.function.IntConsumer;

/**
 * Picks exactly {@code count} free weights with the smallest keys, ties to the lower index, in
 * linear time and without sorting: a two-level radix selection over the 31-bit keys (high 15
 * bits, then low 16 bits) finds the cut key T and how many weights with key T to take, and a
 * final pass in index order emits every free weight below T plus the first ones at T.
 *
 * <p>Three passes over the tensor, two histograms of at most 64 Ki counters, no per-weight memory.
 */
public final class SmallestKeySelector {

    private SmallestKeySelector() {
    }

    /**
     * Calls {@code sink} once for each selected index, in ascending order.
     *
     * @throws IllegalArgumentException if fewer than {@code count} weights are free
     */
    public static void select(WeightKey keys, FreezeMask mask, int count, IntConsumer sink) {
        int free = mask.freeCount();
        if (count < 0 || count > free) {
            throw new IllegalArgumentException("cannot select " + count + " of " + free + " free weights");
        }
        if (count == 0) {
            return;
        }
        int n = mask.size();
        if (count == free) {
            for (int i = 0; i < n; i++) {
                if (!mask.isFrozen(i)) {
                    sink.accept(i);
                }
            }
            return;
        }

        int[] high = new int[1 << 15];
        for (int i = 0; i < n; i++) {
            if (!mask.isFrozen(i)) {
                high[keys.key(i) >>> 16]++;
            }
        }
        int bucket = 0;
        int below = 0;
        while (below + high[bucket] < count) {
            below += high[bucket++];
        }

        int[] low = new int[1 << 16];
        for (int i = 0; i < n; i++) {
            if (!mask.isFrozen(i)) {
                int k = keys.key(i);
                if (k >>> 16 == bucket) {
                    low[k & 0xFFFF]++;
                }
            }
        }
        int lowCut = 0;
        while (below + low[lowCut] < count) {
            below += low[lowCut++];
        }
        int cut = bucket << 16 | lowCut;
        int atCut = count - below; // how many weights whose key equals the cut to take, by index

        for (int i = 0; i < n; i++) {
            if (!mask.isFrozen(i)) {
                int k = keys.key(i);
                if (k < cut) {
                    sink.accept(i);
                } else if (k == cut && atCut > 0) {
                    sink.accept(i);
                    atCut--;
                }
            }
        }
    }
}

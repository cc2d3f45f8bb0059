package io.github.inqspark.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The radix selection against sorting (key, index) pairs. */
class SmallestKeySelectorTest {

    static int[] naive(int[] keys, FreezeMask mask, int count) {
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (!mask.isFrozen(i)) {
                free.add(i);
            }
        }
        free.sort(Comparator.<Integer>comparingInt(i -> keys[i]).thenComparingInt(i -> i));
        return free.subList(0, count).stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Runs the selection on a copy of the mask; checks the mask and the callbacks agree. */
    static int[] fast(int[] keys, FreezeMask mask, int count) {
        FreezeMask m = mask.copy();
        Queue<Integer> out = new ConcurrentLinkedQueue<>();
        SmallestKeySelector.select(i -> keys[i], m, count, out::add);
        int[] selected = out.stream().mapToInt(Integer::intValue).sorted().toArray();
        assertEquals(mask.frozenCount() + count, m.frozenCount());
        for (int i = 0; i < keys.length; i++) {
            boolean chosen = Arrays.binarySearch(selected, i) >= 0;
            assertEquals(mask.isFrozen(i) || chosen, m.isFrozen(i), "bit " + i);
        }
        return selected;
    }

    @Test
    void matchesSortingOnRandomKeysAndMasks() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + r.nextInt(3000);
            int[] keys = new int[n];
            int range = switch (trial % 4) {
                case 0 -> 3;                  // heavy ties
                case 1 -> 1 << 16;            // ties within the high bucket
                case 2 -> Integer.MAX_VALUE;  // all distinct, mostly
                default -> 70_000;            // straddles the high/low split
            };
            for (int i = 0; i < n; i++) {
                keys[i] = trial % 4 == 3 ? 65_000 + r.nextInt(range) : r.nextInt(range);
            }
            FreezeMask mask = new FreezeMask(n);
            for (int i = 0; i < n; i++) {
                if (r.nextInt(3) == 0) {
                    mask.freeze(i);
                }
            }
            int count = r.nextInt(mask.freeCount() + 1);
            assertArrayEquals(naive(keys, mask, count), fast(keys, mask, count), "trial " + trial);
        }
    }

    @Test
    void extremesOfTheKeyRange() {
        int[] keys = {Integer.MAX_VALUE, 0, Integer.MAX_VALUE, 0, 5};
        FreezeMask mask = new FreezeMask(keys.length);
        assertArrayEquals(new int[] {1, 3}, fast(keys, mask, 2));
        assertArrayEquals(new int[] {0, 1, 3, 4}, fast(keys, mask, 4));
        assertArrayEquals(new int[] {}, fast(keys, mask, 0));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, fast(keys, mask, 5));
        assertThrows(IllegalArgumentException.class, () -> fast(keys, mask, 6));
    }

    @Test
    void spansManyChunksWithTiesAcrossChunkBorders() {
        int n = 3 * SmallestKeySelector.CHUNK + 77;
        int[] keys = new int[n];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < n; i++) {
            keys[i] = r.nextInt(50); // about 130,000 weights share each key
        }
        FreezeMask mask = new FreezeMask(n);
        for (int i = 0; i < n; i += 3) {
            mask.freeze(i);
        }
        for (int count : new int[] {1, 1_000_000, mask.freeCount() - 1, mask.freeCount()}) {
            assertArrayEquals(naive(keys, mask, count), fast(keys, mask, count), "count " + count);
        }
    }
}

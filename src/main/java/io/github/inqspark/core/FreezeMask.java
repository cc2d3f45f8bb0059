package io.github.inqspark.core;

import java.util.Arrays;

/**
 * Which weights of one tensor are quantized and frozen: one bit per weight.
 *
 * <p>The spec's mask T_l is the complement: T = 1 (free, re-trained) where this mask has 0, and
 * T = 0 (frozen) where it has 1. The mask is persistent (spec decision 2): a bit once set is never
 * cleared, which {@link #freeze} enforces by offering no way back.
 */
public final class FreezeMask {

    private final int size;
    private final long[] words;
    private int frozen;

    public FreezeMask(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("mask size must be >= 0, found " + size);
        }
        this.size = size;
        this.words = new long[wordsFor(size)];
    }

    /** A mask from its words, as serialized; bits past {@code size} must be zero. */
    public static FreezeMask fromWords(int size, long[] words) {
        if (words.length != wordsFor(size)) {
            throw new IllegalArgumentException("a mask of " + size + " bits needs " + wordsFor(size)
                    + " words, found " + words.length);
        }
        int tail = size & 63;
        if (tail != 0 && (words[words.length - 1] >>> tail) != 0) {
            throw new IllegalArgumentException("mask has bits set past its size " + size);
        }
        FreezeMask mask = new FreezeMask(size);
        System.arraycopy(words, 0, mask.words, 0, words.length);
        int count = 0;
        for (long w : words) {
            count += Long.bitCount(w);
        }
        mask.frozen = count;
        return mask;
    }

    static int wordsFor(int size) {
        return (size + 63) >>> 6;
    }

    public int size() {
        return size;
    }

    public int frozenCount() {
        return frozen;
    }

    public int freeCount() {
        return size - frozen;
    }

    public boolean isFrozen(int i) {
        return (words[i >>> 6] & (1L << i)) != 0;
    }

    /** Freezes weight {@code i}; freezing a frozen weight is a bug in the caller's selection. */
    public void freeze(int i) {
        long bit = 1L << i;
        int w = i >>> 6;
        if ((words[w] & bit) != 0) {
            throw new IllegalStateException("weight " + i + " is already frozen");
        }
        words[w] |= bit;
        frozen++;
    }

    /** The live words, for fast iteration inside this package; never handed out. */
    long[] words() {
        return words;
    }

    /** Accounts for bits set directly in {@link #words()} by a bulk selection. */
    void addFrozenCount(int added) {
        frozen += added;
    }

    /** True iff every weight frozen here is frozen in {@code other} too. */
    public boolean isSubsetOf(FreezeMask other) {
        if (other.size != size) {
            return false;
        }
        for (int w = 0; w < words.length; w++) {
            if ((words[w] & ~other.words[w]) != 0) {
                return false;
            }
        }
        return true;
    }

    public FreezeMask copy() {
        return fromWords(size, words);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FreezeMask m && m.size == size && Arrays.equals(m.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "FreezeMask[" + frozen + "/" + size + " frozen]";
    }
}

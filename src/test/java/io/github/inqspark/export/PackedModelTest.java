package io.github.inqspark.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.testutil.Fixtures;
import io.github.inqspark.testutil.TestData;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The packed b-bit file: exact round trips, its size, and refusal of damaged files. */
class PackedModelTest {

    @ParameterizedTest(name = "b = {0}")
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void lenetRoundTripsBitExactlyAtEveryBitWidth(int bits) throws IOException {
        Net net = Net.read(Fixtures.pretrainedLenet(), "MNIST-trained LeNet");
        ModelQuantState state = Fixtures.quantizeAll(net, bits);
        byte[] file = PackedModel.write(net, state);
        Net back = PackedModel.read(file, "lenet.inqx");
        assertArrayEquals(net.params().data().asFloat(), back.params().data().asFloat());
        INDArray x = TestData.mnistTest().batch(0, 64).getFeatures();
        assertArrayEquals(net.output(x).data().asFloat(), back.output(x).data().asFloat());

        long quantized = state.totalWeights();
        long packedPart = file.length - 4L * (net.numParams() - quantized) - net.configurationJson().length();
        double ideal = quantized * bits / 8.0;
        assertTrue(Math.abs(packedPart - ideal) < 0.01 * ideal,
                "packed part " + packedPart + " bytes vs b/32 of FP32 " + ideal + " bytes");
    }

    @Test
    void computationGraphRoundTrips() throws IOException {
        Net net = Net.of(Architectures.smallResNet(28, 28, 1, 10, 1, 2));
        ModelQuantState state = Fixtures.quantizeAll(net, 4);
        Net back = PackedModel.read(PackedModel.write(net, state), "resnet.inqx");
        assertArrayEquals(net.params().data().asFloat(), back.params().data().asFloat());
        INDArray x = TestData.mnistTest().batch(0, 16).getFeatures();
        assertArrayEquals(net.output(x).data().asFloat(), back.output(x).data().asFloat());
    }

    @Test
    void damagedFilesAreRefused() throws IOException {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 1));
        byte[] good = PackedModel.write(net, Fixtures.quantizeAll(net, 5));
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 300; trial++) {
            byte[] bad = good.clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
            }
            if (Arrays.equals(bad, good)) {
                continue;
            }
            IOException e = assertThrows(IOException.class, () -> PackedModel.read(bad, "m.inqx"), "trial " + trial);
            assertTrue(e.getMessage().startsWith("m.inqx: "), e.getMessage());
        }
        for (int len : new int[] {0, 3, 9, 100, good.length / 2, good.length - 5, good.length - 1}) {
            assertThrows(IOException.class, () -> PackedModel.read(Arrays.copyOf(good, len), "m.inqx"), "length " + len);
        }
        Net other = Net.of(Architectures.lenet(28, 28, 1, 10, 2));
        IllegalArgumentException notDone = assertThrows(IllegalArgumentException.class, () -> PackedModel.write(other,
                ModelQuantState.initial(new InqSettings(5, Schedule.named("vgg16"), "pruning", 1),
                        other.tensors().names(), other.tensors().shapes(), other.tensors().readAll())));
        assertTrue(notDone.getMessage().contains("fully quantized"));
    }

    @Test
    void bitPackingRoundTrips() {
        SplittableRandom r = new SplittableRandom(3);
        for (int bits = 2; bits <= 8; bits++) {
            byte[] codes = new byte[1001];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = (byte) r.nextInt((1 << (bits - 1)) + 1);
            }
            byte[] packed = BitPacking.pack(codes, bits);
            assertEquals((1001 * bits + 7) / 8, packed.length);
            assertArrayEquals(codes, BitPacking.unpack(packed, codes.length, bits));
        }
    }

    @ParameterizedTest(name = "b = {0}")
    @ValueSource(ints = {2, 3, 5, 8})
    void entropyCodedFilesRoundTripAndAreSmaller(int bits) throws IOException {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, bits));
        ModelQuantState state = Fixtures.quantizeAll(net, bits);
        byte[] fixed = PackedModel.write(net, state, false);
        byte[] coded = PackedModel.write(net, state, true);
        PackedModel.Contents back = PackedModel.readContents(coded, "lenet.inqx");
        assertArrayEquals(net.params().data().asFloat(), back.net().params().data().asFloat());
        assertTrue(coded.length <= fixed.length, coded.length + " vs " + fixed.length);
        if (bits >= 5) { // most layers use few of the 2^(b-1)+1 values: Huffman wins
            assertTrue(back.tensors().stream().anyMatch(t -> t.encoding() == PackedModel.HUFFMAN));
            assertTrue(coded.length < 0.95 * fixed.length, coded.length + " vs " + fixed.length);
        }
        // the compression report's totals are the files' parameter parts
        var sizes = PackedModel.sizes(net, state);
        var total = sizes.get(sizes.size() - 1);
        assertEquals(4L * net.numParams(), total.float32Bytes());
        long overhead = fixed.length - total.packedBytes();
        assertEquals(coded.length - overhead, total.entropyCodedBytes());
    }

    @Test
    void canonicalHuffmanByHand() throws IOException {
        // counts 50, 25, 12, 13 -> lengths 1, 2, 3, 3; codes 0, 10, 110, 111
        int[] len = CanonicalHuffman.lengths(new long[] {50, 25, 12, 13, 0});
        assertArrayEquals(new int[] {1, 2, 3, 3, 0}, len);
        assertArrayEquals(new int[] {0, 2, 6, 7, 0}, CanonicalHuffman.codes(len));
        byte[] symbols = {0, 1, 2, 3, 0};
        byte[] stream = CanonicalHuffman.encode(symbols, len); // 0 10 110 111 0 -> 01011011 10000000
        assertArrayEquals(new byte[] {(byte) 0x5B, (byte) 0x80}, stream);
        assertArrayEquals(symbols, CanonicalHuffman.decode(stream, 5, len, "t"));
        assertArrayEquals(new int[] {0, 1, 0}, CanonicalHuffman.lengths(new long[] {0, 7, 0}), "a lone symbol");
        assertThrows(IOException.class, () -> CanonicalHuffman.decode(stream, 13, len, "t"), "stream too short");
        assertThrows(IOException.class, () -> CanonicalHuffman.validate(new int[] {1, 1, 1}, "t"), "not a prefix code");
        assertThrows(IOException.class, () -> CanonicalHuffman.validate(new int[] {25, 1}, "t"), "too long");
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + r.nextInt(128);
            long[] counts = new long[n];
            byte[] data = new byte[1 + r.nextInt(3000)];
            for (int i = 0; i < data.length; i++) {
                int v = (int) Math.min(n - 1, Math.abs(r.nextGaussian()) * n / 6);
                data[i] = (byte) v;
                counts[v]++;
            }
            int[] l = CanonicalHuffman.lengths(counts);
            CanonicalHuffman.validate(l, "random");
            assertArrayEquals(data, CanonicalHuffman.decode(CanonicalHuffman.encode(data, l), data.length, l, "random"));
        }
    }

    @Test
    void structuralDamageBehindAValidChecksumIsRefusedByName() throws IOException {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 1));
        byte[] good = PackedModel.write(net, Fixtures.quantizeAll(net, 5), true);
        int json = java.nio.ByteBuffer.wrap(good, 7, 4).getInt();
        int tensorTable = 11 + json + 8 + 4; // the first tensor's name
        java.util.function.BiFunction<Integer, byte[], byte[]> put = (at, bytes) -> {
            byte[] b = good.clone();
            System.arraycopy(bytes, 0, b, at, bytes.length);
            return Fixtures.withValidCrc(b);
        };
        expect(put.apply(4, new byte[] {0, 3}), "version 3");
        expect(put.apply(7, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}), "network configuration needs");
        expect(put.apply(11 + json + 8, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}), "tensor table needs");
        int nameLength = java.nio.ByteBuffer.wrap(good, tensorTable, 2).getShort();
        int bitsAt = tensorTable + 2 + nameLength + 8 + 4;
        expect(put.apply(bitsAt, new byte[] {9}), "conv1/W");
        expect(put.apply(bitsAt, new byte[] {1}), "conv1/W");
        expect(put.apply(bitsAt + 5, new byte[] {7}), "unknown encoding 7");
        expect(put.apply(bitsAt - 4, new byte[] {0x7f, 0, 0, 0}), "outside");
        expect(Fixtures.withValidCrc(Arrays.copyOf(good, good.length + 3)), "unexpected bytes");
    }

    static void expect(byte[] file, String part) {
        IOException e = assertThrows(IOException.class, () -> PackedModel.read(file, "m.inqx"));
        assertTrue(e.getMessage().startsWith("m.inqx: ") && e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void fuzzedFilesWithValidChecksumsOnlyEverFailCleanly() throws IOException {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 1));
        byte[] good = PackedModel.write(net, Fixtures.quantizeAll(net, 4), true);
        SplittableRandom r = new SplittableRandom(42);
        int refused = 0;
        for (int trial = 0; trial < 600; trial++) {
            byte[] bad = good.clone();
            int flips = 1 + r.nextInt(3);
            for (int f = 0; f < flips; f++) {
                // most damage lands in the headers and tables, where sizes live
                int at = r.nextInt(4) == 0 ? r.nextInt(bad.length - 4) : Math.min(bad.length - 5, r.nextInt(2048));
                bad[at] ^= (byte) (1 + r.nextInt(255));
            }
            if (r.nextInt(5) == 0) {
                bad = Arrays.copyOf(bad, 4 + r.nextInt(bad.length - 4));
            }
            byte[] file = bad.length >= 8 ? Fixtures.withValidCrc(bad) : bad;
            try {
                PackedModel.read(file, "fuzz.inqx");
            } catch (IOException expected) {
                assertTrue(expected.getMessage().startsWith("fuzz.inqx: "), expected.getMessage());
                refused++;
            }
            // anything else (OutOfMemoryError, NegativeArraySize, ...) fails the test
        }
        assertTrue(refused > 400, "refused " + refused + " of 600");
    }
}

package io.github.inqspark.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.core.StageQuantizer;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.testutil.TestData;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The packed b-bit file: exact round trips, its size, and refusal of damaged files. */
class PackedModelTest {

    static ModelQuantState quantizeAll(Net net, int bits) {
        NetworkTensors nt = net.tensors();
        List<float[]> w = nt.readAll();
        ModelQuantState s = ModelQuantState.initial(new InqSettings(bits, Schedule.named("all-at-once"), "pruning", 1),
                nt.names(), nt.shapes(), w);
        StageQuantizer.applyNextStage(s, w);
        nt.writeAll(w);
        return s;
    }

    @ParameterizedTest(name = "b = {0}")
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void lenetRoundTripsBitExactlyAtEveryBitWidth(int bits) throws IOException {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, bits));
        ModelQuantState state = quantizeAll(net, bits);
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
        ModelQuantState state = quantizeAll(net, 4);
        Net back = PackedModel.read(PackedModel.write(net, state), "resnet.inqx");
        assertArrayEquals(net.params().data().asFloat(), back.params().data().asFloat());
        INDArray x = TestData.mnistTest().batch(0, 16).getFeatures();
        assertArrayEquals(net.output(x).data().asFloat(), back.output(x).data().asFloat());
    }

    @Test
    void damagedFilesAreRefused() throws IOException {
        Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 1));
        byte[] good = PackedModel.write(net, quantizeAll(net, 5));
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
}

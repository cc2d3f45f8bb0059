package io.github.inqspark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class QuantStateCodecTest {

    static ModelQuantState sample(int stages) {
        InqSettings settings = new InqSettings(3, Schedule.named("resnet18-3bit"), RandomPartition.NAME, -5);
        StageQuantizerTest.Model m = StageQuantizerTest.model(settings, 9, 1, 63, 64, 65, 1000);
        for (int n = 0; n < stages; n++) {
            StageQuantizer.applyNextStage(m.state(), m.weights());
        }
        return m.state();
    }

    @Test
    void roundTripsAtEveryStage() {
        for (int n = 0; n <= 8; n++) {
            ModelQuantState s = sample(n);
            ModelQuantState back = QuantStateCodec.decode(QuantStateCodec.encode(s), "test");
            assertEquals(s, back);
            assertEquals(n, back.stagesDone());
            assertEquals(-5, back.settings().seed());
            assertEquals(s.totalFrozen(), back.totalFrozen());
        }
    }

    @Test
    void version1WithoutAnN1RuleReadsAsThePapersRule() {
        ModelQuantState s = sample(3);
        byte[] v2 = QuantStateCodec.encode(s);
        int ruleAt = 9 + 2 + RandomPartition.NAME.length() + 8; // magic, version, bits, stages, strategy, seed
        int ruleBytes = 2 + QuantumSet.N1_PAPER.length();
        byte[] v1 = new byte[v2.length - ruleBytes];
        System.arraycopy(v2, 0, v1, 0, ruleAt);
        System.arraycopy(v2, ruleAt + ruleBytes, v1, ruleAt, v2.length - ruleAt - ruleBytes);
        v1[5] = 1;
        ModelQuantState back = QuantStateCodec.decode(resealed(v1), "v1");
        assertEquals(s, back);
        assertEquals(QuantumSet.N1_PAPER, back.settings().n1Rule());
    }

    @Test
    void theN1RuleRoundTrips() {
        InqSettings settings = new InqSettings(2, Schedule.named("resnet18-2bit"), PruningPartition.NAME, 3,
                QuantumSet.N1_MIN_ERROR);
        StageQuantizerTest.Model m = StageQuantizerTest.model(settings, 9, 1, 63, 64, 65, 1000);
        StageQuantizer.applyNextStage(m.state(), m.weights());
        ModelQuantState back = QuantStateCodec.decode(QuantStateCodec.encode(m.state()), "test");
        assertEquals(m.state(), back);
        assertEquals(QuantumSet.N1_MIN_ERROR, back.settings().n1Rule());
    }

    @Test
    void maskCostsOneBitPerWeight() {
        ModelQuantState s = sample(2);
        int maskBytes = 8 * (1 + 1 + 1 + 2 + 16); // 1, 63, 64, 65, 1000 weights in 64-bit words
        assertTrue(QuantStateCodec.encode(s).length < maskBytes + 300);
    }

    @Test
    void everyFlippedByteIsRefused() {
        byte[] good = QuantStateCodec.encode(sample(3));
        for (int i = 0; i < good.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                CorruptStateException e = assertThrows(CorruptStateException.class,
                        () -> QuantStateCodec.decode(bad, "run/stage-3/state.bin"), "flip at byte " + i);
                assertTrue(e.getMessage().startsWith("run/stage-3/state.bin: "), e.getMessage());
            }
        }
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] good = QuantStateCodec.encode(sample(3));
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThrows(CorruptStateException.class, () -> QuantStateCodec.decode(cut, "x"), "length " + len);
        }
    }

    @Test
    void wellFormedButWrongPayloadsAreRefusedWithReasons() {
        byte[] good = QuantStateCodec.encode(sample(3));
        byte[] v3 = good.clone();
        v3[5] = 3; // version 3
        assertMessage(resealed(v3), "version 3 is not supported");
        byte[] stage = good.clone();
        stage[8] = 4; // stagesDone 3 -> 4 without the masks to match
        assertMessage(resealed(stage), "requires");
        byte[] bits = good.clone();
        bits[6] = 9;
        assertMessage(resealed(bits), "bits must be in 2..8");
    }

    static byte[] resealed(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, payload.length - 4);
        ByteBuffer.wrap(payload, payload.length - 4, 4).putInt((int) crc.getValue());
        return payload;
    }

    static void assertMessage(byte[] payload, String part) {
        CorruptStateException e = assertThrows(CorruptStateException.class, () -> QuantStateCodec.decode(payload, "p"));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}

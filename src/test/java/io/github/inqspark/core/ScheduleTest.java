package io.github.inqspark.core;

import static io.github.inqspark.core.QuantumSetTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void countsAreRoundHalfUpOfPortionTimesCount() {
        Schedule alexnet = Schedule.named("alexnet");
        assertEquals(0, alexnet.frozenAfter(0, 10));
        assertEquals(3, alexnet.frozenAfter(1, 10));
        assertEquals(6, alexnet.frozenAfter(2, 10));
        assertEquals(8, alexnet.frozenAfter(3, 10));
        assertEquals(10, alexnet.frozenAfter(4, 10));
        Schedule vgg = Schedule.named("vgg16");
        assertEquals(4, vgg.frozenAfter(1, 7));  // 3.5 -> 4
        assertEquals(5, vgg.frozenAfter(2, 7));  // 5.25
        assertEquals(6, vgg.frozenAfter(3, 7));  // 6.125
        assertEquals(7, vgg.frozenAfter(4, 7));
        assertEquals(1, vgg.frozenAfter(1, 1));  // 0.5 -> 1
        // VGG-16's fc6: 102,760,448 weights
        assertEquals(51_380_224, vgg.frozenAfter(1, 102_760_448));
        assertEquals(89_915_392, vgg.frozenAfter(3, 102_760_448));
    }

    @Test
    void paperSchedulesAreThere() {
        assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.975, 1},
                Schedule.named("resnet18-2bit").portions());
        assertEquals(5, Schedule.named("googlenet").stages());
        for (String name : Schedule.names()) {
            Schedule s = Schedule.named(name);
            for (int count : new int[] {1, 2, 3, 9, 100, 12345}) {
                int prev = 0;
                for (int n = 1; n <= s.stages(); n++) {
                    int f = s.frozenAfter(n, count);
                    assertTrue(f >= prev, name + " targets never decrease");
                    prev = f;
                }
                assertEquals(count, prev);
            }
        }
    }

    @Test
    void rejectsInvalidSchedules() {
        assertMessage(() -> new Schedule(new double[0]), "empty");
        assertMessage(() -> new Schedule(new double[] {0.5, 0.5, 1}), "strictly increase", "portion 2");
        assertMessage(() -> new Schedule(new double[] {0.6, 0.4, 1}), "strictly increase");
        assertMessage(() -> new Schedule(new double[] {0.5, 0.9}), "last portion must be 1", "0.9");
        assertMessage(() -> new Schedule(new double[] {0, 1}), "(0, 1]", "found 0.0");
        assertMessage(() -> new Schedule(new double[] {-0.1, 1}), "(0, 1]");
        assertMessage(() -> new Schedule(new double[] {0.5, 1.2}), "(0, 1]", "1.2");
        assertMessage(() -> new Schedule(new double[] {Double.NaN, 1}), "NaN");
        assertMessage(() -> Schedule.named("vgg19"), "vgg19", "known");
        assertMessage(() -> Schedule.named("vgg16").portion(5), "1..4");
    }

    @Test
    void isImmutable() {
        double[] p = {0.5, 1};
        Schedule s = new Schedule(p);
        p[0] = 0.9;
        s.portions()[0] = 0.9;
        assertEquals(0.5, s.portion(1));
    }
}

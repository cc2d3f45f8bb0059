package io.github.inqspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.inqspark.model.Net;
import io.github.inqspark.testutil.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** pretrain writes its test result as JSON, and --from continues a saved model (the FP32 control). */
class PretrainCommandTest {

    @Test
    void continuesASavedModelAndWritesItsResult(@TempDir Path tmp) throws Exception {
        String data = TestData.mnistDir().toString();
        Path first = tmp.resolve("first.zip");
        assertEquals(0, Main.run("pretrain", "--data", data, "--train-examples", "640", "--epochs", "1",
                "--validation-examples", "500", "--out", first.toString(), "--result", tmp.resolve("first.json").toString()));
        JsonNode r = new ObjectMapper().readTree(tmp.resolve("first.json").toFile());
        assertTrue(r.get("top1").asDouble() > 0.25 && r.get("examples").asLong() == 10_000, r.toString());

        Path second = tmp.resolve("second.zip");
        assertEquals(0, Main.run("pretrain", "--data", data, "--from", first.toString(), "--train-examples", "640",
                "--epochs", "1", "--learning-rate", "0.005", "--validation-examples", "500", "--out", second.toString()));
        INDArray a = Net.read(Files.readAllBytes(first), "first").params();
        INDArray b = Net.read(Files.readAllBytes(second), "second").params();
        assertEquals(a.length(), b.length());
        // continued, not re-initialised: one more epoch at a small rate moves the weights a little
        double moved = a.sub(b).norm2Number().doubleValue() / a.norm2Number().doubleValue();
        assertTrue(moved > 0 && moved < 0.2, "relative change " + moved);

        assertNotEquals(0, Main.run("pretrain", "--data", data, "--from", tmp.resolve("missing.zip").toString(),
                "--epochs", "1", "--out", tmp.resolve("third.zip").toString()));
        assertTrue(Files.notExists(tmp.resolve("third.zip")));
    }
}

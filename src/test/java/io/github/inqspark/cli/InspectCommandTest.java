package io.github.inqspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.testutil.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect --bits: per tensor, what each n1 rule makes of the pre-trained weights. */
class InspectCommandTest {

    @Test
    void showsBothN1RulesPerTensor(@TempDir Path tmp) throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("inspect", "--model", model.toString(), "--bits", "2");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        for (String tensor : new String[] {"conv1/W", "conv2/W", "fc1/W", "fc2/W"}) {
            assertTrue(out.matches("(?s).*\\n" + tensor + "\\s+paper\\s+-?\\d+\\s+[\\d.]+%.*"), out);
            assertTrue(out.matches("(?s).*\\n" + tensor + "\\s+min-error\\s+-?\\d+\\s+[\\d.]+%.*"), out);
        }
        assertNotEquals(0, Main.run("inspect", "--model", model.toString(), "--bits", "9"));
    }
}

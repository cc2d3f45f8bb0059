package io.github.inqspark.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopFilesTest {

    @Test
    void writesNewFilesWholeAndNeverOverwrites(@TempDir Path dir) throws IOException {
        Configuration conf = new Configuration();
        String uri = dir.resolve("sub/model.bin").toUri().toString();
        HadoopFiles.writeNew(uri, new byte[] {1, 2, 3}, conf);
        assertArrayEquals(new byte[] {1, 2, 3}, HadoopFiles.read(uri, "model file", conf));
        IOException e = assertThrows(IOException.class, () -> HadoopFiles.writeNew(uri, new byte[] {9}, conf));
        assertTrue(e.getMessage().contains("refusing to overwrite"), e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, HadoopFiles.read(uri, "model file", conf));
        try (var files = Files.list(dir.resolve("sub"))) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temporary file left");
        }
        e = assertThrows(IOException.class, () -> HadoopFiles.read(dir.resolve("none").toUri().toString(), "model file", conf));
        assertTrue(e.getMessage().startsWith("model file ") && e.getMessage().endsWith("does not exist"), e.getMessage());
    }
}

package io.github.inqspark.data;

import static io.github.inqspark.data.IdxReaderTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ILSVRC layouts and every supported ground-truth form, and their mismatches. */
class ImageTreeTest {

    static final Configuration CONF = new Configuration();
    @TempDir
    Path root;
    List<String> synsets;

    @BeforeEach
    void tree() throws IOException {
        for (String s : List.of("n02", "n01", "n03")) {
            Files.createDirectories(root.resolve("train").resolve(s));
            Files.write(root.resolve("train").resolve(s).resolve(s + "_1.JPEG"), new byte[] {1});
        }
        Files.write(root.resolve("train/.DS_Store"), new byte[] {1});
        Files.createDirectories(root.resolve("val"));
        for (String f : List.of("v_3.JPEG", "v_1.JPEG", "v_2.JPEG")) {
            Files.write(root.resolve("val").resolve(f), new byte[] {1});
        }
        synsets = ImageTree.synsets(uri("train"), CONF);
    }

    String uri(String rel) {
        return root.resolve(rel).toUri().toString();
    }

    List<Integer> labels(String truth) throws IOException {
        Files.writeString(root.resolve("truth"), truth);
        return ImageTree.valItems(uri("val"), uri("truth"), synsets, CONF).stream().map(ImageTree.Item::label).toList();
    }

    @Test
    void classesAreTheSortedFolders() throws IOException {
        assertEquals(List.of("n01", "n02", "n03"), synsets);
        List<ImageTree.Item> items = ImageTree.trainItems(uri("train"), synsets, CONF);
        assertEquals(List.of(0, 1, 2), items.stream().map(ImageTree.Item::label).toList());
        assertTrue(items.get(0).uri().endsWith("n01/n01_1.JPEG"));
    }

    @Test
    void groundTruthForms() throws IOException {
        // files in name order: v_1, v_2, v_3
        assertEquals(List.of(2, 0, 1), labels("n03\nn01\nn02\n"));
        assertEquals(List.of(2, 0, 1), labels("2\n0\n1\n"));
        assertEquals(List.of(2, 0, 1), labels("v_1.JPEG 2\nv_2.JPEG n01\nv_3.JPEG 1\n"));
        assertEquals(List.of(2, 0, 1), labels("ImageId,PredictionString\nv_3,n02 1 2 3 4\nv_1,n03 5 6 7 8\nv_2,n01 0 0 1 1\n"));
        assertEquals(List.of(2, 0, 1), labels("v_2,n01\nv_1,n03\nv_3,n02\n"));
    }

    @Test
    void mismatchesNameTheFileAndLine() {
        assertMessage(() -> labels("n01\nn02\n"), "2 labels", "3 files");
        assertMessage(() -> labels("n01\nn09\nn02\n"), "line 2", "n09");
        assertMessage(() -> labels("n01\n3\nn02\n"), "line 2", "'3'");
        assertMessage(() -> labels("v_2.JPEG 1\nv_1.JPEG 1\nv_3.JPEG 1\n"), "line 1", "v_1.JPEG");
        assertMessage(() -> labels("v_1,n01\nv_2,n02\n"), "no label for v_3.JPEG");
        assertMessage(() -> ImageTree.valItems(uri("val"), uri("missing.txt"), synsets, CONF), "missing.txt", "does not exist");
        assertMessage(() -> ImageTree.synsets(uri("val"), CONF), "no class folders");
        assertMessage(() -> ImageTree.synsets(uri("nowhere"), CONF), "nowhere", "does not exist");
    }
}

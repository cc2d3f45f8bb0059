package io.github.inqspark.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The ImageNet (ILSVRC) folder layouts, on any Hadoop file system. Training: one folder per synset
 * with the images inside; the class order is the sorted list of synset folders. Validation: a flat
 * folder of images plus a ground-truth file in one of two common forms, told apart by content:
 * <ul>
 *   <li>one label per line, for the images in file-name order; a label is a synset id or a 0-based
 *       index into the sorted synset list, optionally after the file name (Caffe's val.txt);</li>
 *   <li>a CSV of image id and synset (Kaggle's LOC_val_solution.csv: "ImageId,PredictionString",
 *       the synset being the first word of the second column); the image id is the file name without
 *       its extension. A header line is skipped.</li>
 * </ul>
 */
public final class ImageTree {

    /** One input image and its class index. */
    public record Item(String uri, int label) implements java.io.Serializable {
    }

    private ImageTree() {
    }

    /** The sorted synset folder names under {@code trainRoot}. */
    public static List<String> synsets(String trainRoot, Configuration conf) throws IOException {
        List<String> names = list(new Path(trainRoot), true, conf).stream().map(Path::getName).toList();
        if (names.isEmpty()) {
            throw new IOException("training folder " + trainRoot + " has no class folders (expected one per synset)");
        }
        return names;
    }

    /** Every file in every synset folder, by class then file name. */
    public static List<Item> trainItems(String trainRoot, List<String> synsets, Configuration conf) throws IOException {
        List<Item> items = new ArrayList<>();
        for (int c = 0; c < synsets.size(); c++) {
            for (Path f : files(new Path(trainRoot, synsets.get(c)), conf)) {
                items.add(new Item(f.toString(), c));
            }
        }
        return items;
    }

    /** The validation images with their labels from {@code groundTruth}. */
    public static List<Item> valItems(String valDir, String groundTruth, List<String> synsets, Configuration conf)
            throws IOException {
        List<Path> files = files(new Path(valDir), conf);
        List<String> lines = readLines(groundTruth, conf);
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < synsets.size(); c++) {
            index.put(synsets.get(c), c);
        }
        boolean csv = !lines.isEmpty() && lines.stream().anyMatch(l -> l.contains(","));
        List<Item> items = new ArrayList<>();
        if (csv) {
            Map<String, Integer> byId = new HashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                String[] cols = lines.get(i).split(",", 2);
                String first = cols.length == 2 ? cols[1].trim().split("\\s+")[0] : "";
                if (i == 0 && !index.containsKey(first)) {
                    continue; // the header
                }
                byId.put(cols[0].trim(), label(first, index, synsets, groundTruth, i + 1));
            }
            for (Path f : files) {
                Integer label = byId.get(stem(f.getName()));
                if (label == null) {
                    throw new IOException(groundTruth + " has no label for " + f.getName());
                }
                items.add(new Item(f.toString(), label));
            }
        } else {
            if (lines.size() != files.size()) {
                throw new IOException(groundTruth + " has " + lines.size() + " labels but " + valDir + " holds "
                        + files.size() + " files: a label-per-line file needs one line per image, in file-name order");
            }
            for (int i = 0; i < files.size(); i++) {
                // "label", or Caffe's val.txt form "file-name label"
                String[] t = lines.get(i).trim().split("\\s+");
                if (t.length == 2 && !t[0].equals(files.get(i).getName())) {
                    throw new IOException(groundTruth + " line " + (i + 1) + " names " + t[0] + " but the "
                            + (i + 1) + "th file in name order is " + files.get(i).getName());
                }
                items.add(new Item(files.get(i).toString(), label(t[t.length - 1], index, synsets, groundTruth, i + 1)));
            }
        }
        return items;
    }

    private static int label(String s, Map<String, Integer> index, List<String> synsets, String file, int line)
            throws IOException {
        Integer c = index.get(s);
        if (c != null) {
            return c;
        }
        try {
            int i = Integer.parseInt(s);
            if (i >= 0 && i < synsets.size()) {
                return i;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IOException(file + " line " + line + ": label '" + s + "' is neither one of the " + synsets.size()
                + " training synsets nor an index 0.." + (synsets.size() - 1));
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<Path> files(Path dir, Configuration conf) throws IOException {
        return list(dir, false, conf);
    }

    /** The sub-folders (or files) of {@code dir} in name order, hidden ones left out. */
    private static List<Path> list(Path dir, boolean folders, Configuration conf) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
            throw new IOException("folder " + dir + " does not exist");
        }
        List<Path> out = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            if ((folders ? s.isDirectory() : s.isFile()) && !s.getPath().getName().startsWith(".")) {
                out.add(s.getPath());
            }
        }
        out.sort(null);
        return out;
    }

    private static List<String> readLines(String uri, Configuration conf) throws IOException {
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            throw new IOException("ground-truth file " + uri + " does not exist");
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isBlank()) {
                    lines.add(l);
                }
            }
        }
        return lines;
    }
}

package io.github.inqspark.store;

import io.github.inqspark.core.FailPoints;
import java.io.FileNotFoundException;
import java.io.IOException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run directory on any Hadoop file system (file:, hdfs:, s3a:), and its storage contract:
 *
 * <ul>
 *   <li>A checkpoint is a folder {@code stage-NNN} (a stage's final commit) or
 *       {@code stage-NNN-epoch-EEE} (an epoch within a stage) under {@code checkpoints/}.
 *   <li>Atomic visibility: its files are written into {@code .tmp-UUID/}, a {@code MANIFEST} with
 *       each file's SHA-256 and size is written last, and the folder is published by one rename.
 *       A folder without a valid MANIFEST is never read as a checkpoint.
 *   <li>No overwrite: publishing fails if the target exists; nothing committed is ever deleted.
 *   <li>Reading verifies every file against the MANIFEST and refuses a mismatch, naming the file.
 * </ul>
 * Mutual exclusion is {@link RunLock}'s job. Driver only.
 */
public final class RunDirectory {

    static final String CHECKPOINTS = "checkpoints";
    static final String MANIFEST = "MANIFEST";
    private static final Pattern NAME = Pattern.compile("stage-(\\d{3})(?:-epoch-(\\d{3}))?");

    private final FileSystem fs;
    private final Path root;

    private RunDirectory(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    public static RunDirectory open(String uri, Configuration conf) throws IOException {
        Path root = new Path(uri);
        FileSystem fs = root.getFileSystem(conf);
        root = fs.makeQualified(root);
        if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
            throw new IOException("run directory " + root + " exists and is not a directory");
        }
        if (!fs.mkdirs(new Path(root, CHECKPOINTS))) {
            throw new IOException("cannot create run directory " + root);
        }
        return new RunDirectory(fs, root);
    }

    public Path root() {
        return root;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public static String checkpointName(int stage, int epoch) {
        return epoch < 0 ? String.format(Locale.ROOT, "stage-%03d", stage)
                : String.format(Locale.ROOT, "stage-%03d-epoch-%03d", stage, epoch);
    }

    /** Publishes a checkpoint atomically; fails, changing nothing visible, if it exists already. */
    public void commit(int stage, int epoch, Map<String, byte[]> files) throws IOException {
        String name = checkpointName(stage, epoch);
        Path target = new Path(new Path(root, CHECKPOINTS), name);
        if (fs.exists(target)) {
            throw new IOException("checkpoint " + target + " is already committed; refusing to overwrite it");
        }
        Path tmp = new Path(new Path(root, CHECKPOINTS), ".tmp-" + name + "-" + UUID.randomUUID());
        if (!fs.mkdirs(tmp)) {
            throw new IOException("cannot create " + tmp);
        }
        StringBuilder manifest = new StringBuilder();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().equals(MANIFEST) || f.getKey().contains("/")) {
                throw new IllegalArgumentException("bad checkpoint file name '" + f.getKey() + "'");
            }
            HadoopFiles.writeSynced(fs, new Path(tmp, f.getKey()), f.getValue());
            manifest.append(sha256(f.getValue())).append(' ').append(f.getValue().length).append(' ')
                    .append(f.getKey()).append('\n');
        }
        HadoopFiles.writeSynced(fs, new Path(tmp, MANIFEST), manifest.toString().getBytes(StandardCharsets.UTF_8));
        FailPoints.reach("commit-written");
        if (fs.exists(target) || !fs.rename(tmp, target)) {
            throw new IOException("could not publish " + tmp + " as " + target
                    + " (it exists or the rename failed); the temporary folder is left for inspection");
        }
        FailPoints.reach("commit-published");
    }

    /**
     * Removes the temporary folders of commits that a crash interrupted before publishing. They
     * were never visible as checkpoints; call it only while holding the {@link RunLock}, so no
     * live commit is in progress. Returns their names.
     */
    public List<String> sweepUnpublished() throws IOException {
        List<String> swept = new ArrayList<>();
        for (FileStatus s : fs.listStatus(new Path(root, CHECKPOINTS))) {
            String n = s.getPath().getName();
            if (s.isDirectory() && n.startsWith(".tmp-") && fs.delete(s.getPath(), true)) {
                swept.add(n);
            }
        }
        return swept;
    }

    /** Writes an auxiliary file (metrics, reports) by temp-file-then-rename, replacing an older one. */
    public void writeFile(String relative, byte[] data) throws IOException {
        HadoopFiles.replace(new Path(root, relative).toString(), data, fs.getConf());
    }

    public Optional<byte[]> readAuxFile(String relative) throws IOException {
        Path p = new Path(root, relative);
        return fs.exists(p) ? Optional.of(readAll(p)) : Optional.empty();
    }

    /** Names of the published checkpoints (with a MANIFEST), oldest first by (stage, epoch). */
    public List<String> checkpointNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus s : fs.listStatus(new Path(root, CHECKPOINTS))) {
            String n = s.getPath().getName();
            if (s.isDirectory() && NAME.matcher(n).matches() && fs.exists(new Path(s.getPath(), MANIFEST))) {
                names.add(n);
            }
        }
        names.sort((a, b) -> Long.compare(order(a), order(b)));
        return names;
    }

    /** Sort key: stage commits after every epoch of that stage. */
    private static long order(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException(name);
        }
        long stage = Long.parseLong(m.group(1));
        long epoch = m.group(2) == null ? 999_999 : Long.parseLong(m.group(2));
        return stage * 1_000_000 + epoch;
    }

    /** Reads and verifies a checkpoint by name: every file against its MANIFEST line. */
    public Checkpoint read(String name) throws IOException {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a checkpoint name: " + name);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String[] entry : manifest(name)) {
            files.put(entry[2], verified(name, entry));
        }
        int epoch = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
        return new Checkpoint(name, Integer.parseInt(m.group(1)), epoch, files);
    }

    /** One file of a checkpoint, verified against its MANIFEST line, without reading the others. */
    public byte[] readFile(String checkpoint, String fileName) throws IOException {
        for (String[] entry : manifest(checkpoint)) {
            if (entry[2].equals(fileName)) {
                return verified(checkpoint, entry);
            }
        }
        throw new CorruptCheckpointException("checkpoint " + checkpoint + " has no file " + fileName);
    }

    /** The MANIFEST's lines as (sha256, size, name). */
    private List<String[]> manifest(String name) throws IOException {
        Path manifestPath = new Path(new Path(new Path(root, CHECKPOINTS), name), MANIFEST);
        if (!fs.exists(manifestPath)) {
            throw new CorruptCheckpointException("checkpoint " + manifestPath.getParent() + " has no MANIFEST: it was never published");
        }
        List<String[]> entries = new ArrayList<>();
        for (String line : new String(readAll(manifestPath), StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(" ", 3);
            if (parts.length != 3 || !parts[1].matches("\\d{1,18}")) {
                throw new CorruptCheckpointException(manifestPath + ": malformed line '" + line + "'");
            }
            entries.add(parts);
        }
        return entries;
    }

    private byte[] verified(String checkpoint, String[] entry) throws IOException {
        Path file = new Path(new Path(new Path(root, CHECKPOINTS), checkpoint), entry[2]);
        byte[] data;
        try {
            data = readAll(file);
        } catch (FileNotFoundException e) {
            throw new CorruptCheckpointException(file + " is listed in the MANIFEST but missing");
        } catch (ChecksumException e) {
            // the file system's own checksums (HDFS blocks, the local file system's .crc files)
            throw new CorruptCheckpointException(file + " fails its file-system checksum: the checkpoint is corrupt ("
                    + e.getMessage() + ")");
        }
        if (data.length != Long.parseLong(entry[1]) || !sha256(data).equals(entry[0])) {
            throw new CorruptCheckpointException(file + " does not match its checksum in the MANIFEST ("
                    + data.length + " bytes, MANIFEST says " + entry[1] + "): the checkpoint is corrupt");
        }
        return data;
    }

    /**
     * Moves a corrupt checkpoint out of the way (to {@code checkpoints/.corrupt-NAME-UUID}), kept
     * for inspection, so the run can redo it. Only on the user's request (--fallback-on-corrupt).
     */
    public String quarantine(String name) throws IOException {
        Path dir = new Path(new Path(root, CHECKPOINTS), name);
        Path aside = new Path(new Path(root, CHECKPOINTS), ".corrupt-" + name + "-" + UUID.randomUUID());
        if (!fs.rename(dir, aside)) {
            throw new IOException("could not move corrupt checkpoint " + dir + " aside");
        }
        return aside.getName();
    }

    /** The SHA-256 line of every file of a checkpoint, for logs that prove nothing changed. */
    public String manifestOf(String name) throws IOException {
        return new String(readAll(new Path(new Path(new Path(root, CHECKPOINTS), name), MANIFEST)), StandardCharsets.UTF_8);
    }

    private byte[] readAll(Path p) throws IOException {
        return HadoopFiles.readAll(fs, p);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }


}

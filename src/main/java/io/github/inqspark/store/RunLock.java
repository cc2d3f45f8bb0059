package io.github.inqspark.store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.FileAlreadyExistsException;

/**
 * Mutual exclusion on a run directory: the file {@code LOCK}, created with overwrite=false (atomic
 * on HDFS and local file systems), holds "host pid token". While the run lives, a daemon thread
 * touches it every {@code heartbeat} ms.
 *
 * <p>A lock is stale, and may be taken over, when its holder is a process on this host that no
 * longer exists, or when its heartbeat is older than {@code staleAfter} ms (a holder on another
 * host). Takeover renames the stale lock aside first; a rename succeeds for one contender only.
 */
public final class RunLock implements AutoCloseable {

    static final String LOCK = "LOCK";

    private final FileSystem fs;
    private final Path path;
    private final String content;
    private final ScheduledExecutorService heartbeat;

    private RunLock(FileSystem fs, Path path, String content, long heartbeatMillis) {
        this.fs = fs;
        this.path = path;
        this.content = content;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inq-run-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::touch, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
    }

    public static RunLock acquire(RunDirectory dir, long heartbeatMillis, long staleAfterMillis) throws IOException {
        FileSystem fs = dir.fileSystem();
        Path path = new Path(dir.root(), LOCK);
        String content = host() + " " + ProcessHandle.current().pid() + " " + UUID.randomUUID();
        for (int attempt = 0; attempt < 3; attempt++) {
            if (tryCreate(fs, path, content)) {
                return new RunLock(fs, path, content, heartbeatMillis);
            }
            String holder;
            long age;
            try {
                holder = read(fs, path);
                age = System.currentTimeMillis() - fs.getFileStatus(path).getModificationTime();
            } catch (java.io.FileNotFoundException released) {
                continue; // released meanwhile: try again
            }
            String why = staleReason(holder, age, staleAfterMillis);
            if (why == null) {
                throw new RunLockedException("run directory " + dir.root() + " is in use by another run (" + holder.trim()
                        + ", heartbeat " + age / 1000 + " s ago). Wait for it to finish, or stop it; a lock whose"
                        + " holder died is taken over automatically");
            }
            Path aside = new Path(dir.root(), LOCK + ".stale-" + UUID.randomUUID());
            if (fs.rename(path, aside)) {
                System.err.println("Taking over a stale lock of " + dir.root() + ": " + why + " (kept as " + aside.getName() + ")");
            }
        }
        throw new RunLockedException("could not lock " + dir.root() + ": other runs keep taking it");
    }

    private static boolean tryCreate(FileSystem fs, Path path, String content) throws IOException {
        try (FSDataOutputStream out = fs.create(path, false)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(path)) {
                return false; // the local file system reports an existing file this way
            }
            throw e;
        }
    }

    /** Null if the holder may be alive, else why the lock is stale. */
    static String staleReason(String holder, long ageMillis, long staleAfterMillis) {
        String[] parts = holder.trim().split(" ");
        if (parts.length >= 2 && parts[0].equals(host())) {
            try {
                long pid = Long.parseLong(parts[1]);
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return null;
                }
                return "its holder, process " + pid + " on this host, is gone";
            } catch (NumberFormatException e) {
                return "its content is unreadable";
            }
        }
        return ageMillis > staleAfterMillis ? "its heartbeat stopped " + ageMillis / 1000 + " s ago" : null;
    }

    private void touch() {
        try {
            fs.setTimes(path, System.currentTimeMillis(), -1);
        } catch (IOException e) {
            System.err.println("warning: could not refresh the run lock " + path + ": " + e.getMessage());
        }
    }

    private static String read(FileSystem fs, Path path) throws IOException {
        return new String(HadoopFiles.readAll(fs, path), StandardCharsets.UTF_8);
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** Releases the lock if it is still ours. */
    @Override
    public void close() throws IOException {
        heartbeat.shutdownNow();
        if (fs.exists(path) && read(fs, path).equals(content)) {
            fs.delete(path, false);
        }
    }
}

package io.github.inqspark.testutil;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code faulty:}, which throws an IOException on the n-th
 * create, write (the n-th file created then fails on its first write), rename or delete once armed: a real Hadoop FileSystem (and FileContext) plugged in by
 * configuration, to prove that no failure leaves a commit half-visible.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {

    public static final String SCHEME = "faulty";
    private static volatile String failOp;
    private static final AtomicInteger COUNTDOWN = new AtomicInteger();

    /** Fails the {@code nth} (1-based) call of {@code op} ("create", "write", "rename", "delete") from now on. */
    public static void arm(String op, int nth) {
        COUNTDOWN.set(nth);
        failOp = op;
    }

    public static void disarm() {
        failOp = null;
    }

    public static Configuration configuration() {
        Configuration c = new Configuration();
        c.set("fs." + SCHEME + ".impl", FaultyFileSystem.class.getName());
        c.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
        c.set("fs.AbstractFileSystem." + SCHEME + ".impl", Abstract.class.getName());
        return c;
    }

    private static void maybeFail(String op, Path p) throws IOException {
        if (op.equals(failOp) && COUNTDOWN.decrementAndGet() == 0) {
            failOp = null;
            throw new IOException("injected fault: " + op + " of " + p);
        }
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
                                     long blockSize, Progressable progress) throws IOException {
        maybeFail("create", f);
        return failingWrites(f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        maybeFail("create", f);
        return failingWrites(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    /** When "write" is armed and this is its n-th file, the stream throws on its first write. */
    private FSDataOutputStream failingWrites(Path f, FSDataOutputStream out) throws IOException {
        boolean fail;
        try {
            maybeFail("write", f);
            fail = false;
        } catch (IOException armed) {
            fail = true;
        }
        if (!fail) {
            return out;
        }
        java.io.OutputStream broken = new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("injected fault: write of " + f);
            }

            @Override
            public void write(int b) throws IOException {
                throw new IOException("injected fault: write of " + f);
            }
        };
        return new FSDataOutputStream(broken, null);
    }

    @Override
    public boolean delete(Path p, boolean recursive) throws IOException {
        maybeFail("delete", p);
        return super.delete(p, recursive);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        maybeFail("rename", src);
        return super.rename(src, dst);
    }

    /** FileContext's view of the same file system (RunDirectory replaces files through it). */
    public static final class Abstract extends DelegateToFileSystem {
        public Abstract(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new FaultyFileSystem(), conf, SCHEME, false);
        }
    }
}

package io.github.inqspark.core;

/**
 * Named moments of a run where a fault-injection test can stop the process: with the system
 * property {@code inq.failpoint=NAME} (or {@code NAME#K} for the K-th time), reaching that point
 * prints {@code inq failpoint reached: NAME} and blocks, so the test kills the JVM exactly there.
 * Without the property a call costs one property lookup. Pure Java: every room may call it.
 */
public final class FailPoints {

    private static int hits;

    private FailPoints() {
    }

    public static void reach(String name) {
        String want = System.getProperty("inq.failpoint");
        if (want == null) {
            return;
        }
        String[] parts = want.split("#");
        if (!parts[0].equals(name)) {
            return;
        }
        synchronized (FailPoints.class) {
            hits++;
            if (parts.length > 1 && hits != Integer.parseInt(parts[1])) {
                return;
            }
        }
        System.out.println("inq failpoint reached: " + name);
        System.out.flush();
        while (true) { // wait for the kill
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

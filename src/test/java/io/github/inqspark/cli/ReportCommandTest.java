package io.github.inqspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.testutil.Fixtures;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real (short) run, opened in headless Chromium (Debian's): the page loads, its
 * tables are in the DOM, and the screenshot shows the charts (the top-1 line's red).
 */
class ReportCommandTest {

    static final String CHROMIUM = "/usr/bin/chromium";

    @Test
    void reportOfARunRendersInChromium(@TempDir Path tmp) throws Exception {
        Path model = Fixtures.writePretrained(tmp);
        Path run = tmp.resolve("run");
        Fixtures.shortRun(model, run, 640);

        Path out = tmp.resolve("report");
        assertEquals(0, Main.run("report", "--run-dir", run.toUri().toString(), "--out", out.toUri().toString()));
        String html = Files.readString(out.resolve("index.html"));
        assertEquals(5, html.split("<tr><td>\\d/4</td>", -1).length - 1, "stages 0..4 in the table");
        for (String png : List.of("top1.png", "top5.png", "loss.png", "frozen.png", "time.png", "distribution.png")) {
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
        }

        assertTrue(new File(CHROMIUM).canExecute(), CHROMIUM + " is missing: run data-prep/fetch-test-data.sh");
        String dom = chromium(tmp, "--dump-dom", out.resolve("index.html"));
        assertTrue(dom.contains("id=\"stages\"") && dom.contains("id=\"layers\"") && dom.contains("conv1/W"), dom);
        Path shot = tmp.resolve("shot.png");
        chromium(tmp, "--screenshot=" + shot, out.resolve("index.html"));
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1000, img.getWidth());
        long red = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (((p >> 16) & 0xFF) > 170 && ((p >> 8) & 0xFF) < 80 && (p & 0xFF) < 80) {
                    red++;
                }
            }
        }
        assertTrue(red > 200, "the charts are drawn in the page (red pixels: " + red + ")");
    }

    /** Headless Chromium with the flags this closed network needs; returns what it printed. */
    static String chromium(Path tmp, String action, Path page) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        Process p = new ProcessBuilder(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1000,2600", action,
                page.toUri().toString()).redirectError(tmp.resolve("chromium.err").toFile()).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("chromium.err")));
        return new String(stdout, StandardCharsets.UTF_8);
    }
}

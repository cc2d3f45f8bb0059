package io.github.inqspark.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Tells JavaCPP which ND4J native build this jar was packaged with. The portable build needs
 * nothing; a build with {@code -Djavacpp.platform.extension=-onednn-avx512} carries that native
 * library under another name, which JavaCPP loads only when told the extension before ND4J starts.
 */
public final class NativeVariant {

    static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";

    private NativeVariant() {
    }

    /** Call first thing in main(), before any ND4J class loads; an explicit -D setting wins. */
    public static void apply() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try (InputStream in = NativeVariant.class.getResourceAsStream("/inq-native.properties")) {
            if (in == null) {
                return;
            }
            Properties p = new Properties();
            p.load(in);
            String ext = p.getProperty("platform.extension", "").trim();
            if (!ext.isEmpty() && !ext.startsWith("${")) {
                System.setProperty(PROPERTY, ext);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

/** The command line (picocli) and the HOCON configuration with its validation. */
package io.github.inqspark.cli;

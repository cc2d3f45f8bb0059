# Sourced by the jobs/ scripts: the --add-opens flags Spark 3.5 needs on Java 17 (each fixes an
# error seen on this stack: DirectBuffer access, Kryo on HeapByteBuffer and SerializedLambda,
# Nd4jRegistrator, NetBroadcastTuple's AtomicInteger, Spark's SerializationDebugger). The pom's surefire argLine carries the same.
INQ_JVM_OPENS=(--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
               --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
               --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
               --add-opens=java.base/sun.security.action=ALL-UNNAMED)

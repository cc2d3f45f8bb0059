"""Airflow DAG for inq-spark: prep -> import (or pretrain) -> quantize -> evaluate -> export -> report.

One SparkSubmitOperator task per job, all running the shaded jar's io.github.inqspark.cli.Main.
Retries are enabled, and they are safe because every job resumes from what it committed:
  - prep skips the shards it already published (each checked against its input list) and writes
    manifest.json last;
  - quantize continues from the run directory's newest committed checkpoint (stage or epoch), never
    redoes a committed stage, and a run that is complete exits 0 saying "inq: run already complete";
  - a second quantize on the same run directory is refused while the first holds the lock, and a
    lock left by a killed driver is taken over;
  - evaluate, export and report only read committed stages; export never overwrites its output (a
    retry finding exactly this export there exits 0, any other file there fails the task), report
    and evaluate replace their files atomically.
So a retried task continues rather than restarts. Set the paths with the environment (or Airflow
Variables exported to it) before the scheduler parses this file:
  INQ_JAR            the shaded jar (mvn -Pspark-submit package)        default /opt/inq-spark/inq-spark.jar
  INQ_FLOW           imagenet (prep + a pre-trained model) | mnist (pretrain)   default imagenet
  INQ_IMAGES         ImageNet tree: train/, val/, LOC_val_solution.csv  (imagenet flow)
  INQ_MODEL          pre-trained model: DL4J zip or Keras HDF5          (imagenet flow)
  INQ_DATA           MNIST-layout folder                                (mnist flow)
  INQ_WORK           where shards, runs and exports go (hdfs://... on a cluster)
  INQ_CONF           the quantize config (one of conf/), readable by the driver
  INQ_SPARK_CONN     Airflow connection id of the Spark cluster         default spark_default
Check without Airflow: python3 jobs/inq_dag.py --print-commands
"""
import json
import os
import sys
from datetime import datetime, timedelta

JAR = os.environ.get("INQ_JAR", "/opt/inq-spark/inq-spark.jar")
FLOW = os.environ.get("INQ_FLOW", "imagenet")
IMAGES = os.environ.get("INQ_IMAGES", "hdfs:///datasets/ILSVRC2012")
MODEL = os.environ.get("INQ_MODEL", "hdfs:///models/resnet18.zip")
DATA = os.environ.get("INQ_DATA", "hdfs:///datasets/mnist")
WORK = os.environ.get("INQ_WORK", "hdfs:///inq")
CONF = os.environ.get("INQ_CONF", "conf/resnet18-5bit.conf")
CONN = os.environ.get("INQ_SPARK_CONN", "spark_default")

# The JVM flags Java 17 needs for Spark and ND4J (jobs/jvm-flags.sh).
OPENS = " ".join("--add-opens=java.base/%s=ALL-UNNAMED" % p for p in (
    "sun.nio.ch", "java.nio", "java.lang.invoke", "java.util", "java.util.concurrent.atomic", "java.lang",
    "sun.security.action"))
SPARK_CONF = {
    "spark.driver.extraJavaOptions": OPENS,
    "spark.executor.extraJavaOptions": OPENS,
    "spark.executorEnv.OMP_NUM_THREADS": "1",
}


def commands():
    """(task id, the tool's command line) in order; each task depends on the one before."""
    shards = WORK + "/shards"
    run = WORK + "/runs/" + os.path.splitext(os.path.basename(CONF))[0]
    if FLOW == "mnist":
        model = WORK + "/models/lenet-fp32.zip"
        first = [("pretrain", ["pretrain", "--data", DATA, "--arch", "lenet", "--epochs", "3", "--out", model])]
        data = ["--set", "inq.data.format=mnist", "--set", "inq.data.dir=" + DATA]
    else:
        model = MODEL
        first = [
            ("prep", ["prep", "--train", IMAGES + "/train", "--val", IMAGES + "/val",
                      "--val-labels", IMAGES + "/LOC_val_solution.csv", "--out", shards]),
            # "import": load the pre-trained model (DL4J zip or Keras HDF5) and print what INQ will
            # quantize, failing fast on a file that cannot be read
            ("import", ["inspect", "--model", model]),
        ]
        data = ["--set", "inq.data.dir=" + shards]
    job = ["--conf", CONF, "--set", "inq.model=" + model, "--set", "inq.run-dir=" + run] + data
    return first + [
        ("quantize", ["quantize"] + job),
        ("evaluate", ["evaluate"] + job + ["--out", run + "/evaluation.json"]),
        ("export", ["export", "--run-dir", run, "--out", run + ".inqx"]),
        ("report", ["report", "--run-dir", run]),
    ]


def build_dag():
    from airflow import DAG
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

    with DAG(
        dag_id="inq_spark_" + FLOW,
        description="INQ: power-of-two weights for a pre-trained CNN, on Spark",
        start_date=datetime(2026, 1, 1),
        schedule=None,
        catchup=False,
        default_args={"retries": 3, "retry_delay": timedelta(minutes=5), "retry_exponential_backoff": True},
        doc_md=__doc__,
    ) as dag:
        previous = None
        for task_id, args in commands():
            task = SparkSubmitOperator(
                task_id=task_id,
                conn_id=CONN,
                application=JAR,
                java_class="io.github.inqspark.cli.Main",
                application_args=args,
                conf=SPARK_CONF,
                name="inq-" + task_id,
            )
            if previous is not None:
                previous >> task
            previous = task
    return dag


if __name__ == "__main__":
    if sys.argv[1:] == ["--print-commands"]:
        print(json.dumps(commands()))
    else:
        print(__doc__)
else:
    try:
        dag = build_dag()
    except ImportError:  # parsed outside Airflow (tests, py_compile): the commands are still checkable
        dag = None

package io.ctlspark.jobs;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on loopback addresses for integration tests: one master and some
 * workers, each a JVM started from the jars on this test's classpath, so nothing needs
 * installing. The master and worker 1 run on 127.0.0.1, worker i on 127.0.0.i: every address
 * of 127/8 is loopback on Linux, and distinct hosts let Spark place a speculative copy of a task
 * on another worker (it never runs two attempts of a task on one host). The workers launch
 * executors the way a real installation does, from a SPARK_HOME whose jars/ folder links to
 * those same jars. {@link #close} stops every process, also after a failure.
 */
final class StandaloneCluster implements AutoCloseable {
  private final Path home;
  private final Path logs;
  private final List<String> javaOpts;
  private final List<Process> processes = new ArrayList<>();
  private final String masterUrl;

  /** Starts a master and {@code workers} workers of one core and {@code memory} each. */
  StandaloneCluster(Path dir, int workers, String memory) throws IOException,
      InterruptedException {
    home = dir.resolve("spark-home");
    logs = Files.createDirectories(dir.resolve("logs"));
    javaOpts = List.of(System.getProperty("ctl.java.opts", "").trim().split("\\s+"));
    linkJars(Files.createDirectories(home.resolve("jars")));
    int port = freePort();
    int ui = freePort();
    masterUrl = "spark://127.0.0.1:" + port;
    try {
      start("master", "127.0.0.1", "org.apache.spark.deploy.master.Master", "--host",
          "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(ui));
      for (int i = 1; i <= workers; i++) {
        String host = "127.0.0." + i;
        start("worker-" + i, host, "org.apache.spark.deploy.worker.Worker", "--host", host,
            "--cores", "1", "--memory", memory, "--webui-port", String.valueOf(freePort()),
            "--work-dir", Files.createDirectories(dir.resolve("work-" + i)).toString(),
            masterUrl);
      }
      awaitWorkers(ui, workers);
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  String masterUrl() {
    return masterUrl;
  }

  /** The output of one of the cluster's processes so far (for failure messages). */
  String log(String name) throws IOException {
    Path p = logs.resolve(name + ".log");
    return Files.exists(p) ? Files.readString(p) : "";
  }

  /**
   * Runs spark-submit (org.apache.spark.deploy.SparkSubmit, client mode) in its own JVM with
   * the shaded jar, as a scheduler would, and returns its exit code; output goes to
   * logs/{@code name}.log.
   */
  int submit(String name, Path jar, List<String> sparkConf, String... args)
      throws IOException, InterruptedException {
    Process p = submitAsync(name, jar, sparkConf, null, args);
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(name + " did not finish in 10 minutes:\n" + log(name));
    }
    return p.exitValue();
  }

  /**
   * The same, returning the running spark-submit.
   *
   * @param log4j the driver's logging configuration, or null for the tests'
   */
  Process submitAsync(String name, Path jar, List<String> sparkConf, Path log4j,
      String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client",
        "--class", "io.ctlspark.jobs.CtlCommand"));
    for (String c : sparkConf) {
      cmd.add("--conf");
      cmd.add(c);
    }
    cmd.add(jar.toString());
    cmd.addAll(Arrays.asList(args));
    return launch(name, "127.0.0.1", "org.apache.spark.deploy.SparkSubmit", cmd, log4j);
  }

  /**
   * Kills worker {@code i} (1-based) as a machine failure would: the worker and the executors
   * it launched (its child processes), at once.
   */
  void killWorker(int i) throws InterruptedException {
    Process worker = processes.get(i);
    worker.descendants().forEach(ProcessHandle::destroyForcibly);
    worker.destroyForcibly();
    worker.waitFor(30, TimeUnit.SECONDS);
  }

  private void start(String name, String host, String mainClass, String... args)
      throws IOException {
    processes.add(launch(name, host, mainClass, List.of(args), null));
  }

  private Process launch(String name, String host, String mainClass, List<String> args,
      Path log4j) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx768m");
    cmd.addAll(javaOpts);
    cmd.add("-Dlog4j.configurationFile=" + (log4j != null ? log4j.toString()
        : System.getProperty("log4j.configurationFile")));
    cmd.add("-cp");
    cmd.add(home.resolve("jars") + File.separator + "*");
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(logs.resolve(name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", host);
    env.put("SPARK_LOG_DIR", logs.toString());
    return pb.start();
  }

  /** Links every jar of this JVM's classpath outside the project (Spark, Hadoop, ...). */
  private static void linkJars(Path jars) throws IOException {
    Path project = Path.of(System.getProperty("ctl.project.dir", ".")).toAbsolutePath()
        .normalize();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path jar = Path.of(entry).toAbsolutePath().normalize();
      if (entry.endsWith(".jar") && !jar.startsWith(project) && Files.isRegularFile(jar)) {
        Path link = jars.resolve(jar.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, jar);
        }
      }
    }
  }

  /** Polls the master's JSON status page until {@code n} workers are alive. */
  private void awaitWorkers(int ui, int n) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui + "/json/"))
        .timeout(Duration.ofSeconds(5)).build();
    String last = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < processes.size(); i++) {
        if (!processes.get(i).isAlive()) {
          String name = i == 0 ? "master" : "worker-" + i;
          throw new IllegalStateException(name + " exited with "
              + processes.get(i).exitValue() + ":\n" + log(name));
        }
      }
      try {
        last = http.send(status, HttpResponse.BodyHandlers.ofString()).body();
        if (last.replace(" ", "").contains("\"aliveworkers\":" + n)) {
          return;
        }
      } catch (IOException notUpYet) {
        last = notUpYet.toString();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(n + " workers did not register in 120 s; master says: "
        + last + "\n" + log("master") + log("worker-1"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops workers before the master; each worker stops its executors on the way down. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    processes.clear();
  }
}

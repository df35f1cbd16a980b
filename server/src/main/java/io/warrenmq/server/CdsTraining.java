package io.warrenmq.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Run once at build time under {@code -XX:ArchiveClassesAtExit}: starts a broker (with a data
 * directory and the management API, as the README's command does), lets one AMQP client say hello
 * and one HTTP client ask {@code /api/whoami}, and stops, so the JVM
 * archives every class a start-up loads (class data sharing). Starting with
 * {@code -XX:SharedArchiveFile} then maps those classes instead of loading and verifying each
 * one, which is most of a fresh broker's start-up time (docs/benchmarks.md, "Start-up").
 *
 * <p>Not part of the broker's behaviour: it only exercises it.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        // the broker process's logging, quiet: the archive then holds Logback's classes too
        io.warrenmq.server.logging.LogSetup.apply(io.warrenmq.server.logging.LogOptions.DEFAULTS
                .withConsoleLevel("warning"));
        Path dir = Files.createTempDirectory("warren-cds");
        try {
            // with the management API on, as the broker process starts by default
            Broker broker = new Broker(BrokerConfig.defaults().withHost("127.0.0.1").withPort(0)
                    .withDataDir(dir.resolve("data"))
                    .withManagement(io.warrenmq.management.ManagementOptions.ephemeral())).start();
            try (Socket socket = new Socket("127.0.0.1", broker.port())) {
                OutputStream out = socket.getOutputStream();
                out.write("AMQP".getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[] {0, 0, 9, 1});
                out.flush();
                InputStream in = socket.getInputStream();
                in.readNBytes(7); // the frame header of connection.start: the handshake path has run
            }
            try (Socket http = new Socket("127.0.0.1", broker.managementPort())) {
                OutputStream out = http.getOutputStream();
                out.write(("GET /api/whoami HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                        + "Authorization: Basic Z3Vlc3Q6Z3Vlc3Q=\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                http.getInputStream().readAllBytes(); // one answered request: HTTP, auth and JSON paths loaded
            }
            broker.close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

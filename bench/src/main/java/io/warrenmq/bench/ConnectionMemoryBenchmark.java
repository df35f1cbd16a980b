package io.warrenmq.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.warrenmq.server.Broker;
import io.warrenmq.server.BrokerConfig;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Issue 18's connection figures, an in-memory broker in this JVM: heap per open AMQP connection
 * (handshake done, one channel open; the clients are the bench's Netty {@link ClientConnection}s in
 * the same heap, so the figure is broker and client side together: an upper bound of the broker's),
 * the heap once they closed (is it given back?), and {@code silent} sockets that never finish their handshake, some sending a byte at a
 * time, while a real client connects (how long its handshake takes with them there).
 *
 * <pre>java -cp bench/target/benchmarks.jar io.warrenmq.bench.ConnectionMemoryBenchmark [connections] [silent]</pre>
 */
public final class ConnectionMemoryBenchmark {
    private ConnectionMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int silent = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        BrokerConfig config = BrokerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(null)
                .withIoThreads(1);
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (Broker broker = new Broker(config).start()) {
            BrokerAddress address = new BrokerAddress("127.0.0.1", broker.port(), "guest", "guest", "/");
            ClientConnection.connect(clients, address).get().close().get();
            long before = heapAfterGc();
            List<ClientConnection> open = new ArrayList<>(n);
            for (int i = 0; i < n; i += 100) {
                List<CompletableFuture<ClientConnection>> batch = new ArrayList<>();
                for (int k = i; k < Math.min(n, i + 100); k++) {
                    batch.add(ClientConnection.connect(clients, address));
                }
                for (CompletableFuture<ClientConnection> f : batch) {
                    open.add(f.get());
                }
            }
            long withConnections = heapAfterGc();
            for (ClientConnection c : open) {
                c.close().get();
            }
            while (broker.connectionRegistry().all().size() > 0) {
                Thread.sleep(10);
            }
            long afterClose = heapAfterGc();
            System.out.printf("connections=%d heap_before=%d heap_open=%d heap_after_close=%d%n", n, before,
                    withConnections, afterClose);
            System.out.printf("bytes_per_connection=%d (broker and bench client together) returned_after_close=%d%%%n",
                    (withConnections - before) / n, 100 * (withConnections - afterClose) / Math.max(1, withConnections - before));

            List<Socket> idle = new ArrayList<>(silent);
            long silentBefore = heapAfterGc();
            for (int i = 0; i < silent; i++) {
                Socket s = new Socket("127.0.0.1", broker.port());
                if (i % 5 == 0) {
                    OutputStream out = s.getOutputStream();
                    out.write('A'); // the start of a protocol header, then nothing (slowloris)
                    out.flush();
                }
                idle.add(s);
            }
            long silentHeap = heapAfterGc();
            long t0 = System.nanoTime();
            ClientConnection real = ClientConnection.connect(clients, address).get();
            long handshakeMicros = (System.nanoTime() - t0) / 1000;
            real.close().get();
            System.out.printf("silent_sockets=%d heap_per_silent_socket=%d real_client_handshake_us=%d%n", silent,
                    (silentHeap - silentBefore) / silent, handshakeMicros);
            for (Socket s : idle) {
                s.close();
            }
        } finally {
            clients.shutdownGracefully();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

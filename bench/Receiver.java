import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The client's webhook for the benchmark: answers every POST with 200 and an empty body
 * as fast as it can, and counts them. {@code GET /count} answers the number received.
 * Loopback only. Usage: {@code java bench/Receiver.java PORT}
 */
public class Receiver {

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		AtomicLong received = new AtomicLong();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/", (HttpExchange exchange) -> {
			try (exchange) {
				try (InputStream body = exchange.getRequestBody()) {
					body.transferTo(OutputStream.nullOutputStream());
				}
				if ("GET".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/count")) {
					byte[] count = Long.toString(received.get()).getBytes(StandardCharsets.US_ASCII);
					exchange.sendResponseHeaders(200, count.length);
					exchange.getResponseBody().write(count);
					return;
				}
				received.incrementAndGet();
				exchange.sendResponseHeaders(200, -1);
			}
		});
		server.start();
		System.out.println("receiver listening on 127.0.0.1:" + port);
	}

}

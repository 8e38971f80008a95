package io.tidings.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server on loopback that answers {@code RCPT TO} with the reply it is told to (a
 * 4xx or 5xx), to prove how a provider maps refusals. Everything else is a polite 250.
 */
public final class FakeSmtpServer implements AutoCloseable {

	private final ServerSocket socket;

	private final java.util.Set<Socket> clients = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private volatile String rcptReply = "250 2.1.5 OK";

	private final AtomicInteger rcpts = new AtomicInteger();

	public FakeSmtpServer() throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(this::accept);
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	/**
	 * The reply to every {@code RCPT TO}, e.g. {@code 550 5.1.1 User unknown}.
	 */
	public void rcptReply(String reply) {
		this.rcptReply = reply;
	}

	/**
	 * How many {@code RCPT TO} commands it has answered.
	 */
	public int rcpts() {
		return this.rcpts.get();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				this.clients.add(client);
				Thread.ofVirtual().start(() -> converse(client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void converse(Socket client) {
		try (client;
				BufferedReader in = new BufferedReader(
						new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
				PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
			reply(out, "220 fake.smtp ESMTP");
			String line;
			boolean data = false;
			while ((line = in.readLine()) != null) {
				if (data) {
					if (line.equals(".")) {
						data = false;
						reply(out, "250 2.0.0 queued");
					}
					continue;
				}
				String command = line.toUpperCase();
				if (command.startsWith("EHLO") || command.startsWith("HELO")) {
					reply(out, "250 fake.smtp");
				}
				else if (command.startsWith("RCPT")) {
					reply(out, this.rcptReply);
					this.rcpts.incrementAndGet();
				}
				else if (command.startsWith("DATA")) {
					data = true;
					reply(out, "354 go ahead");
				}
				else if (command.startsWith("QUIT")) {
					reply(out, "221 bye");
					return;
				}
				else {
					reply(out, "250 OK");
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private static void reply(PrintWriter out, String line) {
		out.print(line + "\r\n");
		out.flush();
	}

	@Override
	public void close() throws IOException {
		// a peer that goes down takes its open connections with it, pooled ones included
		this.socket.close();
		for (Socket client : this.clients) {
			client.close();
		}
	}

}

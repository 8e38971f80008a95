package io.tidings.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that can be cut silently, as a network partition cuts: while
 * cut it accepts and holds connections but forwards no byte either way and closes
 * nothing, so neither side hears anything; healed, it forwards again what was held. It
 * can also play a database that is down: connections closed, new ones refused.
 */
public final class PartitionProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object gate = new Object();

	private volatile boolean cut;

	private volatile boolean down;

	private volatile boolean closed;

	public PartitionProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		Thread.ofPlatform().daemon().name("partition-proxy").start(this::accept);
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Stops forwarding, silently.
	 */
	public void cut() {
		this.cut = true;
	}

	/**
	 * The database is down: every connection is closed, and new ones are closed as soon
	 * as they are accepted, until {@link #heal()}.
	 */
	public void down() {
		this.down = true;
		this.sockets.forEach(PartitionProxy::close);
		this.sockets.clear();
	}

	/**
	 * Forwards again.
	 */
	public void heal() {
		synchronized (this.gate) {
			this.down = false;
			this.cut = false;
			this.gate.notifyAll();
		}
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				if (this.down) {
					close(client);
					continue;
				}
				this.sockets.add(client);
				Thread.ofPlatform().daemon().name("partition-proxy-connect").start(() -> connect(client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void connect(Socket client) {
		try {
			waitWhileCut();
			Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
			this.sockets.add(target);
			Thread.ofPlatform().daemon().name("partition-proxy-up").start(() -> pump(client, target));
			Thread.ofPlatform().daemon().name("partition-proxy-down").start(() -> pump(target, client));
		}
		catch (IOException | InterruptedException ex) {
			close(client);
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			while (true) {
				waitWhileCut();
				int read = in.read(buffer);
				if (read < 0) {
					break;
				}
				// bytes read as the cut began are held until it heals
				waitWhileCut();
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// one side closed
		}
		close(from);
		close(to);
	}

	private void waitWhileCut() throws InterruptedException {
		synchronized (this.gate) {
			while (this.cut && !this.closed) {
				this.gate.wait(100);
			}
		}
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public void close() {
		this.closed = true;
		heal();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		this.sockets.forEach(PartitionProxy::close);
	}

}

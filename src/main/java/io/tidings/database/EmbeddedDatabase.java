package io.tidings.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.springframework.util.FileSystemUtils;

/**
 * The running embedded PostgreSQL: its port and how to stop it, and the lock that keeps a
 * second process off the same data directory while this one lives.
 */
final class EmbeddedDatabase implements AutoCloseable {

	private final int port;

	private final Stopper stopper;

	private final FileChannel lockChannel;

	private final Path throwaway;

	private EmbeddedDatabase(int port, Stopper stopper, FileChannel lockChannel, Path throwaway) {
		this.port = port;
		this.stopper = stopper;
		this.lockChannel = lockChannel;
		this.throwaway = throwaway;
	}

	/**
	 * Locks {@code dataDir} for this process; the operating system releases the lock when
	 * the process dies, however it dies.
	 * @throws IllegalStateException when another live process holds it
	 */
	static FileChannel lock(Path dataDir) throws IOException {
		FileChannel channel = FileChannel.open(dataDir.resolve("tidings.lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null;
		}
		if (lock == null) {
			channel.close();
			throw new IllegalStateException("another Tidings process is using the data directory " + dataDir);
		}
		return channel;
	}

	/**
	 * @param throwaway the data directory to delete once the database has stopped, or
	 * null to keep it
	 */
	static EmbeddedDatabase of(int port, Stopper stopper, FileChannel lockChannel, Path throwaway) {
		return new EmbeddedDatabase(port, stopper, lockChannel, throwaway);
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() throws IOException {
		try {
			this.stopper.stop();
		}
		finally {
			this.lockChannel.close();
		}
		// stopped: nothing writes there any more
		if (this.throwaway != null) {
			FileSystemUtils.deleteRecursively(this.throwaway);
		}
	}

	/**
	 * Stops the database.
	 */
	@FunctionalInterface
	interface Stopper {

		void stop() throws IOException;

	}

}

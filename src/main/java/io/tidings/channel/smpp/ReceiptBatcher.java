package io.tidings.channel.smpp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.tidings.channel.ProviderReceipt;
import io.tidings.channel.ReceiptSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands receipts to the sink in batches: whatever arrived in the last few milliseconds,
 * or as soon as a batch is full. A batch the sink refuses is kept and offered again;
 * closing flushes what is left.
 */
final class ReceiptBatcher implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ReceiptBatcher.class);

	private final ReceiptSink sink;

	private final Duration interval;

	private final int batchSize;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition arrived = this.lock.newCondition();

	private final Thread flusher;

	private List<ProviderReceipt> pending = new ArrayList<>();

	private volatile boolean closed;

	ReceiptBatcher(ReceiptSink sink, Duration interval, int batchSize) {
		this.sink = sink;
		this.interval = interval;
		this.batchSize = batchSize;
		this.flusher = Thread.ofVirtual().name("smpp-receipts").start(this::run);
	}

	void add(ProviderReceipt receipt) {
		this.lock.lock();
		try {
			this.pending.add(receipt);
			if (this.pending.size() == 1 || this.pending.size() >= this.batchSize) {
				this.arrived.signal();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void run() {
		while (!this.closed) {
			try {
				flush(take());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	// idle until a receipt arrives, then gives others the interval to join it in a batch
	private List<ProviderReceipt> take() throws InterruptedException {
		this.lock.lock();
		try {
			while (this.pending.isEmpty() && !this.closed) {
				this.arrived.await();
			}
			if (this.pending.size() < this.batchSize && !this.closed) {
				this.arrived.await(this.interval.toNanos(), TimeUnit.NANOSECONDS);
			}
			List<ProviderReceipt> batch = this.pending;
			this.pending = new ArrayList<>();
			return batch;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void flush(List<ProviderReceipt> batch) throws InterruptedException {
		if (batch.isEmpty()) {
			return;
		}
		try {
			this.sink.accept(batch);
		}
		catch (RuntimeException ex) {
			log.warn("Could not apply {} SMPP receipts; offering them again", batch.size(), ex);
			this.lock.lock();
			try {
				batch.addAll(this.pending);
				this.pending = new ArrayList<>(batch);
			}
			finally {
				this.lock.unlock();
			}
			Thread.sleep(this.interval.multipliedBy(10));
		}
	}

	/**
	 * Stops the flusher and hands over every receipt still waiting.
	 */
	@Override
	public void close() {
		this.closed = true;
		// no interrupt: it would close the sink's database connection mid-batch
		this.lock.lock();
		try {
			this.arrived.signal();
		}
		finally {
			this.lock.unlock();
		}
		try {
			this.flusher.join(Duration.ofSeconds(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<ProviderReceipt> rest;
		this.lock.lock();
		try {
			rest = this.pending;
			this.pending = new ArrayList<>();
		}
		finally {
			this.lock.unlock();
		}
		if (!rest.isEmpty()) {
			this.sink.accept(rest);
		}
	}

}

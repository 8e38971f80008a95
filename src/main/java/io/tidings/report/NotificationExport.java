package io.tidings.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

import io.tidings.notification.NotificationFilter;
import io.tidings.notification.NotificationQueries;
import io.tidings.notification.NotificationView;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a bot's notifications as RFC 4180 CSV, streamed from a database cursor, so that
 * a million rows take as little memory as ten.
 */
@Service
public class NotificationExport {

	private static final String[] HEADER = { "id", "messageId", "destination", "channel", "origin", "sentStatus",
			"wasRead", "elementName", "campaignId", "createdAt", "sentDate", "deliveryChannelAt", "deliveryUserAt",
			"readAt", "repliedAt", "failedAt", "failureKind", "errorCode", "error", "reply" };

	private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final NotificationQueries queries;

	private final TransactionTemplate readOnly;

	NotificationExport(NotificationQueries queries, PlatformTransactionManager transactions) {
		this.queries = queries;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * Writes the header and every matching notification, newest first.
	 * @return how many notifications were written
	 */
	public long write(String botId, NotificationFilter filter, OutputStream out) throws IOException {
		return write(botId, filter, out, (n) -> {
		});
	}

	/**
	 * Writes like {@link #write(String, NotificationFilter, OutputStream)}, showing each
	 * notification to {@code seen} once it is written.
	 */
	long write(String botId, NotificationFilter filter, OutputStream out, Consumer<NotificationView> seen)
			throws IOException {
		Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(HEADER).get());
		long[] rows = { 0 };
		try {
			this.readOnly.executeWithoutResult((tx) -> this.queries.forEach(botId, filter, (n) -> {
				print(csv, n);
				seen.accept(n);
				rows[0]++;
			}));
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		csv.flush();
		return rows[0];
	}

	private static void print(CSVPrinter csv, NotificationView n) {
		try {
			csv.printRecord(n.id(), safe(n.internalId()), safe(n.destination()), n.channel().wire(), n.origin(),
					n.status(), n.wasRead() ? "Yes" : "No", safe(n.templateName()), safe(n.campaignId()),
					time(n.createdAt()), time(n.sentAt()), time(n.deliveryChannelAt()), time(n.deliveryUserAt()),
					time(n.readAt()), time(n.repliedAt()), time(n.failedAt()),
					(n.failureKind() != null) ? n.failureKind().name() : null, n.errorCode(), safe(n.errorMessage()),
					safe(n.reply()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String safe(String value) {
		return CsvCells.safe(value);
	}

	private static String time(Instant instant) {
		return (instant != null) ? ISO.format(instant) : null;
	}

}

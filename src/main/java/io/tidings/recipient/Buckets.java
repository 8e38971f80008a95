package io.tidings.recipient;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.tidings.common.EmailAddress;
import io.tidings.common.PhoneNumber;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Buckets and their contacts. Imports stream: rows are normalised one at a time, copied
 * into a staging table with COPY, and moved into the bucket with one
 * {@code INSERT … SELECT} that drops duplicates, so a million-row file takes the memory
 * of one row.
 */
@Service
public class Buckets {

	private static final int MAX_REPORTED_REJECTIONS = 1000;

	private static final String COLUMNS = "id, bot_id, name, contact_count, created_at, description";

	private final JdbcTemplate jdbc;

	private final DataSource dataSource;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	Buckets(JdbcTemplate jdbc, DataSource dataSource, TransactionTemplate transactions, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
	}

	public Bucket create(String botId, String name) {
		return create(botId, name, null);
	}

	/**
	 * Creates an empty bucket with a description (null for none).
	 */
	public Bucket create(String botId, String name, String description) {
		checkName(name);
		checkDescription(description);
		long id = this.jdbc.queryForObject(
				"insert into bucket (bot_id, name, description, created_at) values (?, ?, ?, ?) returning id",
				Long.class, botId, name, description, Timestamp.from(this.clock.instant()));
		return find(botId, id).orElseThrow();
	}

	/**
	 * Creates a bucket with its first contacts in one transaction: a request refused or a
	 * database lost while importing leaves no bucket behind.
	 */
	public Filled createWith(String botId, String name, String description, String defaultCountryCode,
			List<ContactInput> contacts) {
		return this.transactions.execute((tx) -> {
			Bucket bucket = create(botId, name, description);
			ImportReport report = importContacts(bucket, defaultCountryCode, contacts.iterator());
			return new Filled(find(botId, bucket.id()).orElseThrow(), report);
		});
	}

	/**
	 * Renames or redescribes a bucket and adds contacts in one transaction.
	 * @return the bucket and the import, or empty when the bot has none with that id
	 */
	public Optional<Filled> updateWith(String botId, long id, String name, String description,
			String defaultCountryCode, List<ContactInput> contacts) {
		return this.transactions.execute((tx) -> update(botId, id, name, description).map((bucket) -> {
			ImportReport report = importContacts(bucket, defaultCountryCode, contacts.iterator());
			return new Filled(find(botId, id).orElseThrow(), report);
		}));
	}

	/**
	 * A bucket after an import, and the import's report.
	 */
	public record Filled(Bucket bucket, ImportReport report) {
	}

	/**
	 * Renames or redescribes a bucket; a null leaves that field as it is.
	 * @return the bucket, or empty when the bot has none with that id
	 */
	public Optional<Bucket> update(String botId, long id, String name, String description) {
		if (name != null) {
			checkName(name);
		}
		checkDescription(description);
		this.jdbc.update(
				"update bucket set name = coalesce(?, name), description = coalesce(?, description) where bot_id = ? and id = ?",
				name, description, botId, id);
		return find(botId, id);
	}

	private static void checkName(String name) {
		if (name == null || name.isBlank() || name.length() > 200) {
			throw new InvalidImportException("name", "name is required: 1 to 200 characters");
		}
	}

	private static void checkDescription(String description) {
		if (description != null && description.length() > 2000) {
			throw new InvalidImportException("description", "description is at most 2000 characters");
		}
	}

	public Optional<Bucket> find(String botId, long id) {
		return this.jdbc
			.query("select " + COLUMNS + " from bucket where bot_id = ? and id = ?", (rs, row) -> map(rs), botId, id)
			.stream()
			.findFirst();
	}

	public List<Bucket> list(String botId, int limit, long offset) {
		return this.jdbc.query("select " + COLUMNS + " from bucket where bot_id = ? order by id desc limit ? offset ?",
				(rs, row) -> map(rs), botId, limit, offset);
	}

	public long count(String botId) {
		return this.jdbc.queryForObject("select count(*) from bucket where bot_id = ?", Long.class, botId);
	}

	/**
	 * Contacts of the bucket that can be reached on a channel: those with a number, or
	 * with an email for email.
	 */
	public long reachable(long bucketId, boolean byEmail) {
		return this.jdbc.queryForObject("select count(*) from contact where bucket_id = ? and "
				+ (byEmail ? "email is not null" : "number is not null"), Long.class, bucketId);
	}

	public boolean delete(String botId, long id) {
		return this.jdbc.update("delete from bucket where bot_id = ? and id = ?", botId, id) > 0;
	}

	/**
	 * Imports a CSV file (header row: {@code number}/{@code phone}, {@code email},
	 * attributes).
	 * @throws InvalidImportException when the file has no usable column
	 */
	public ImportReport importCsv(Bucket bucket, String defaultCountryCode, InputStream csv) {
		try (CsvContacts contacts = new CsvContacts(csv)) {
			return importContacts(bucket, defaultCountryCode, contacts);
		}
	}

	/**
	 * Imports contacts given as objects.
	 */
	public ImportReport importContacts(Bucket bucket, String defaultCountryCode, Iterator<ContactInput> contacts) {
		return this.transactions.execute((tx) -> {
			this.jdbc.execute("""
					create temp table contact_stage (row_no bigint, contact_key text, number text, email text,
					  attributes jsonb) on commit drop""");
			Staged staged = stage(contacts, defaultCountryCode);
			int accepted = this.jdbc.update("""
					insert into contact (bucket_id, contact_key, number, email, attributes)
					select ?, contact_key, number, email, attributes from contact_stage order by row_no
					on conflict (bucket_id, contact_key) do nothing""", bucket.id());
			this.jdbc.update("update bucket set contact_count = contact_count + ? where id = ?", accepted, bucket.id());
			return new ImportReport(accepted, staged.count() - accepted, staged.rejected(), staged.rejectedCount());
		});
	}

	private Staged stage(Iterator<ContactInput> contacts, String defaultCountryCode) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		List<ImportReport.Rejected> rejected = new ArrayList<>();
		long rejectedCount = 0;
		long count = 0;
		try {
			CopyIn copy = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("copy contact_stage (row_no, contact_key, number, email, attributes) from stdin with (format csv)");
			StringWriter buffer = new StringWriter(64 * 1024);
			CSVPrinter rows = new CSVPrinter(buffer, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
			try {
				while (contacts.hasNext()) {
					ContactInput contact = contacts.next();
					String number = (contact.number() != null) ? PhoneNumber.parse(contact.number(), defaultCountryCode)
						.map(PhoneNumber::digits)
						.orElse(null) : null;
					String email = (contact.email() != null)
							? EmailAddress.parse(contact.email()).map(EmailAddress::value).orElse(null) : null;
					String problem = problem(contact, number, email);
					if (problem != null) {
						rejectedCount++;
						if (rejected.size() < MAX_REPORTED_REJECTIONS) {
							rejected.add(new ImportReport.Rejected(contact.row(),
									(contact.number() != null) ? contact.number() : contact.email(), problem));
						}
						continue;
					}
					rows.printRecord(contact.row(), (number != null) ? number : email.toLowerCase(), number, email,
							this.json.writeValueAsString(withPositions(contact.attributes())));
					count++;
					if (buffer.getBuffer().length() > 60_000) {
						flush(copy, buffer);
					}
				}
				flush(copy, buffer);
				copy.endCopy();
			}
			finally {
				if (copy.isActive()) {
					copy.cancelCopy();
				}
			}
			return new Staged(count, rejected, rejectedCount);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("staging contacts failed", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * The attributes by name, and also by position ({@code 1}, {@code 2} … in column
	 * order) so that templates with positional placeholders can use them.
	 */
	private static Map<String, String> withPositions(Map<String, String> attributes) {
		Map<String, String> all = new LinkedHashMap<>(attributes);
		int position = 1;
		for (String value : attributes.values()) {
			all.putIfAbsent(Integer.toString(position++), value);
		}
		return all;
	}

	private static void flush(CopyIn copy, StringWriter buffer) throws SQLException {
		if (buffer.getBuffer().isEmpty()) {
			return;
		}
		byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
		copy.writeToCopy(bytes, 0, bytes.length);
		buffer.getBuffer().setLength(0);
	}

	private static String problem(ContactInput contact, String number, String email) {
		if (contact.number() == null && contact.email() == null) {
			return "a number or an email is required";
		}
		if (contact.number() != null && number == null) {
			return "not a valid phone number";
		}
		if (contact.email() != null && email == null) {
			return "not a valid email address";
		}
		return null;
	}

	private static Bucket map(java.sql.ResultSet rs) throws SQLException {
		return new Bucket(rs.getLong("id"), rs.getString("bot_id"), rs.getString("name"), rs.getLong("contact_count"),
				rs.getTimestamp("created_at").toInstant(), rs.getString("description"));
	}

	private record Staged(long count, List<ImportReport.Rejected> rejected, long rejectedCount) {
	}

}

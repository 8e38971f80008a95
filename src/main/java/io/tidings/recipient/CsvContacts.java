package io.tidings.recipient;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads contacts from a CSV stream one record at a time: a header row naming
 * {@code number} (or {@code phone}) and/or {@code email}; every other column becomes a
 * template attribute.
 */
final class CsvContacts implements Iterator<ContactInput>, AutoCloseable {

	private final CSVParser parser;

	private final Iterator<CSVRecord> records;

	private final String numberColumn;

	private final String emailColumn;

	private final List<String> headers;

	private long index;

	CsvContacts(InputStream in) {
		try {
			this.parser = CSVFormat.RFC4180.builder()
				.setHeader()
				.setSkipHeaderRecord(true)
				.setIgnoreEmptyLines(true)
				.setTrim(true)
				.setAllowMissingColumnNames(true)
				.setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_EMPTY)
				.get()
				.parse(strictUtf8(in));
		}
		catch (IOException | IllegalArgumentException | UncheckedIOException ex) {
			throw unreadable(ex);
		}
		this.headers = this.parser.getHeaderNames();
		for (String header : this.headers) {
			checkText(header, "the CSV header");
		}
		this.numberColumn = column("number", "phone");
		this.emailColumn = column("email");
		if (this.numberColumn == null && this.emailColumn == null) {
			throw new InvalidImportException("number",
					"the CSV header must name a number (or phone) column, or an email column");
		}
		this.records = this.parser.iterator();
	}

	/**
	 * The file as text, refusing (API.md §13) a byte order mark and anything that is not
	 * valid UTF-8 instead of reading it as replacement characters.
	 */
	private static Reader strictUtf8(InputStream in) throws IOException {
		PushbackInputStream bytes = new PushbackInputStream(in, 3);
		byte[] start = bytes.readNBytes(3);
		if (start.length == 3 && (start[0] & 0xff) == 0xEF && (start[1] & 0xff) == 0xBB && (start[2] & 0xff) == 0xBF) {
			throw new InvalidImportException("file",
					"the CSV must not start with a byte order mark (save it as UTF-8 without BOM)");
		}
		bytes.unread(start);
		return new InputStreamReader(bytes,
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT));
	}

	private static InvalidImportException unreadable(Exception ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof CharacterCodingException) {
				return new InvalidImportException("file", "the CSV file is not valid UTF-8");
			}
		}
		return new InvalidImportException("file", "the CSV could not be read: " + ex.getMessage());
	}

	private static void checkText(String value, String where) {
		if (value != null && value.indexOf(0) >= 0) {
			throw new InvalidImportException("file", "the CSV file: " + where + " must not contain a NUL character");
		}
	}

	private String column(String... names) {
		for (String header : this.headers) {
			for (String name : names) {
				if (header != null && header.strip().toLowerCase(Locale.ROOT).equals(name)) {
					return header;
				}
			}
		}
		return null;
	}

	@Override
	public boolean hasNext() {
		try {
			return this.records.hasNext();
		}
		catch (UncheckedIOException ex) {
			throw unreadable(ex);
		}
	}

	@Override
	public ContactInput next() {
		CSVRecord record;
		try {
			record = this.records.next();
		}
		catch (UncheckedIOException | IllegalStateException ex) {
			throw unreadable(ex);
		}
		this.index++;
		for (String cell : record) {
			checkText(cell, "row " + (this.index + 1));
		}
		Map<String, String> attributes = new LinkedHashMap<>();
		for (int i = 0; i < this.headers.size() && i < record.size(); i++) {
			String header = this.headers.get(i);
			if (header != null && !header.isBlank() && !header.equals(this.numberColumn)
					&& !header.equals(this.emailColumn)) {
				attributes.put(header.strip(), record.get(i));
			}
		}
		return new ContactInput(this.index + 1, value(record, this.numberColumn), value(record, this.emailColumn),
				attributes);
	}

	private static String value(CSVRecord record, String column) {
		if (column == null || !record.isMapped(column) || !record.isSet(column)) {
			return null;
		}
		String value = record.get(column);
		return value.isBlank() ? null : value;
	}

	@Override
	public void close() {
		try {
			this.parser.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package io.tidings.recipient;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import io.tidings.support.IntegrationTest;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class BucketImportIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void csvImportNormalisesDeduplicatesAndReportsRejectedRows() {
		TestBot bot = this.client.newBot("\"defaultCountryCode\":\"593\"");
		long bucket = createBucket(bot, "customers");
		String csv = """
				phone,email,name,city
				0991234561,a@example.com,Ana,Quito
				+593 99 123 4562,,Bo,Cuenca
				12,,Bad,Nowhere
				593991234561,,Ana again,Quito
				,,Nobody,None
				0991234563,not-an-email,Cy,Loja
				""";
		JsonNode data = uploadCsv(bot, bucket, csv).expect(200).json().get("data");
		assertThat(data.get("accepted").asLong()).isEqualTo(2);
		assertThat(data.get("duplicates").asLong()).isEqualTo(1);
		JsonNode rejected = data.get("rejected");
		assertThat(rejected.valueStream().map((r) -> r.get("row").asLong())).containsExactly(4L, 6L, 7L);
		assertThat(rejected.get(0).get("value").asString()).isEqualTo("12");
		assertThat(rejected.get(0).get("reason").asString()).contains("phone number");
		assertThat(rejected.get(2).get("reason").asString()).contains("email");
		List<Map<String, Object>> contacts = this.jdbc.queryForList(
				"select contact_key, attributes::text as attributes from contact where bucket_id = ? order by id",
				bucket);
		assertThat(contacts).extracting((c) -> c.get("contact_key")).containsExactly("593991234561", "593991234562");
		assertThat(contacts.get(0).get("attributes").toString()).contains("\"name\": \"Ana\"", "\"city\": \"Quito\"");
		JsonNode view = this.client.get("/api/v1/buckets/" + bucket, "x-api-key", bot.key()).expect(200).json();
		assertThat(view.get("status").asString()).isEqualTo("SUCCESS");
		assertThat(view.get("data").get("total").asLong()).isEqualTo(2);
		JsonNode again = uploadCsv(bot, bucket, csv).expect(200).json().get("data");
		assertThat(again.get("accepted").asLong()).isZero();
		assertThat(again.get("duplicates").asLong()).isEqualTo(3);
	}

	@Test
	void csvWithoutANumberColumnIsRefused() {
		TestBot bot = this.client.newBot(null);
		long bucket = createBucket(bot, "bad");
		Response response = uploadCsv(bot, bucket, "name,city\nAna,Quito\n");
		assertError(response, 400, 100);
		assertThat(response.json().get("message").asString()).contains("number");
	}

	@Test
	void jsonContactsAreImportedWithTheirAttributes() {
		TestBot bot = this.client.newBot(null);
		JsonNode created = this.client
			.post("/v1/bots/" + bot.id() + "/buckets",
					"{\"name\":\"vip\",\"contacts\":[{\"number\":\"919876543211\",\"name\":\"Asha\"},"
							+ "{\"phone\":\"9876543212\",\"attributes\":{\"name\":\"Ravi\"}},{\"number\":\"nope\"},"
							+ "{\"email\":\"x@example.com\"}]}",
					"x-api-key", bot.key())
			.expect(201)
			.json();
		assertThat(created.get("contactCount").asLong()).isEqualTo(3);
		assertThat(created.get("import").get("rejected").get(0).get("row").asLong()).isEqualTo(3);
		long id = created.get("id").asLong();
		JsonNode added = this.client
			.post("/v1/bots/" + bot.id() + "/buckets/" + id + "/contacts", "[{\"number\":\"919876543211\"}]",
					"x-api-key", bot.key())
			.expect(200)
			.json();
		assertThat(added.get("duplicates").asLong()).isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"select attributes->>'name' from contact where bucket_id = ? and contact_key = '919876543212'",
				String.class, id))
			.isEqualTo("Ravi");
	}

	@Test
	void bucketsAreListedAndDeletedOnlyByTheirBot() {
		TestBot bot = this.client.newBot(null);
		TestBot other = this.client.newBot(null);
		long bucket = createBucket(bot, "mine");
		JsonNode list = this.client.get("/api/v1/buckets", "x-api-key", bot.key()).expect(200).json();
		assertThat(list.get("data").get("total").asLong()).isEqualTo(1);
		assertThat(list.get("data").get("items").get(0).get("name").asString()).isEqualTo("mine");
		assertError(this.client.get("/api/v1/buckets/" + bucket, "x-api-key", other.key()), 404, 1425);
		assertError(this.client.delete("/api/v1/buckets/" + bucket, "x-api-key", other.key()), 404, 1425);
		assertError(this.client.get("/api/v1/buckets?limit=501", "x-api-key", bot.key()), 400, 100);
		assertError(this.client.get("/api/v1/buckets", "x-api-key", TidingsClient.ADMIN_KEY), 403, 1405);
		this.client.delete("/api/v1/buckets/" + bucket, "x-api-key", bot.key()).expect(200);
		assertError(this.client.get("/api/v1/buckets/" + bucket, "x-api-key", bot.key()), 404, 1425);
	}

	@Test
	void largeCsvImportsInFlatMemory() throws Exception {
		TestBot bot = this.client.newBot(null);
		long bucket = createBucket(bot, "large");
		int rows = 300_000;
		var memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		long baseline = memory.getHeapMemoryUsage().getUsed();
		long[] peak = { 0 };
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.client.baseUrl() + "/api/v1/buckets/" + bucket + "/contacts"))
				.header("x-api-key", bot.key())
				.header("Content-Type", "text/csv")
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> generated(rows, memory, baseline, peak)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(this.client.json(response.body()).get("data").get("accepted").asLong()).isEqualTo(rows);
		// ~10 MB of CSV, 300k contacts: holding them would show here
		assertThat(peak[0]).isLessThan(48L * 1024 * 1024);
	}

	private static InputStream generated(int rows, java.lang.management.MemoryMXBean memory, long baseline,
			long[] peak) {
		Enumeration<InputStream> chunks = new Enumeration<>() {
			int next = -1;

			@Override
			public boolean hasMoreElements() {
				return this.next < rows;
			}

			@Override
			public InputStream nextElement() {
				StringBuilder chunk = new StringBuilder();
				if (this.next < 0) {
					chunk.append("number,name\n");
					this.next = 0;
				}
				int end = Math.min(rows, this.next + 10_000);
				for (int i = this.next; i < end; i++) {
					chunk.append("9198").append(String.format("%08d", i)).append(",Name ").append(i).append('\n');
				}
				this.next = end;
				if (end % 100_000 == 0) {
					System.gc();
					peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed() - baseline);
				}
				return new ByteArrayInputStream(chunk.toString().getBytes(StandardCharsets.UTF_8));
			}
		};
		return new SequenceInputStream(chunks);
	}

	private long createBucket(TestBot bot, String name) {
		return this.client.post("/api/v1/buckets", "{\"name\":\"" + name + "\"}", "x-api-key", bot.key())
			.expect(201)
			.json()
			.get("data")
			.get("id")
			.asLong();
	}

	private Response uploadCsv(TestBot bot, long bucket, String csv) {
		return this.client.post("/api/v1/buckets/" + bucket + "/contacts", csv, "x-api-key", bot.key(), "Content-Type",
				"text/csv");
	}

}

package io.tidings.api.messages;

import java.util.concurrent.ThreadLocalRandom;

import io.tidings.support.IntegrationTest;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request with several recipients or contacts is stored whole or not at all: when a
 * later one is refused, or the database refuses to store it, the answer is an error and
 * nothing of the request (no message, no campaign, no bucket) is left behind. The per-row
 * {@code rejected} report of a contact import (API.md §6) is the one per-item answer the
 * contract has: rows with unusable numbers are reported, the others stored.
 */
@IntegrationTest
class AllOrNothingIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	private TestBot bot;

	@BeforeEach
	void createBot() {
		this.bot = this.client.newBot(null);
	}

	@Test
	void aListOfNumbersWithABadOneLaterStoresNoneOfThem() {
		String first = number();
		String second = number();
		Response response = post("/api/v1/messages",
				"{\"recipients\":\"" + first + "," + second + ",+-919876543210\",\"body\":\"Hello\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().get("message").asString()).contains("recipients");
		assertThat(messagesTo(first)).isZero();
		assertThat(messagesTo(second)).isZero();
	}

	@Test
	void aCampaignToNumbersWithABadOneLaterLeavesNoCampaign() {
		String reference = "all-or-nothing-" + ThreadLocalRandom.current().nextInt(1_000_000);
		Response response = post("/service/message", "{\"is_campaign\":true,\"reference\":\"" + reference
				+ "\",\"recipients\":\"" + number() + ",919876543210#\",\"body\":\"Hello\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(this.bot.get("/api/v1/campaigns").expect(200).json().at("/data/items").findValuesAsString("name"))
			.doesNotContain(reference);
	}

	@Test
	void aLaterNumberTheDatabaseRefusesToStoreLeavesNoneOfTheEarlierOnes() {
		String first = number();
		String second = number();
		String refused = number();
		String reference = "refused-by-database-" + ThreadLocalRandom.current().nextInt(1_000_000);
		// a real storage failure of the third row only, raised by PostgreSQL itself
		this.jdbc.execute("""
				create or replace function refuse_one_destination() returns trigger language plpgsql as $$
				begin
				  if new.destination = '%s' then
				    raise exception 'refused for the test';
				  end if;
				  return new;
				end $$""".formatted(refused));
		ddl("create trigger refuse_one_destination before insert on notification for each row "
				+ "execute function refuse_one_destination()");
		try {
			Response response = post("/api/v1/messages", "{\"is_campaign\":true,\"reference\":\"" + reference
					+ "\",\"recipients\":\"" + first + "," + second + "," + refused + "\",\"body\":\"Hello\"}");
			assertThat(response.status()).as(response.body()).isGreaterThanOrEqualTo(500);
			assertThat(response.json().get("traceId").asString()).isEqualTo(response.header("X-Trace-Id"));
		}
		finally {
			ddl("drop trigger if exists refuse_one_destination on notification");
			this.jdbc.execute("drop function refuse_one_destination()");
		}
		assertThat(messagesTo(first)).isZero();
		assertThat(messagesTo(second)).isZero();
		assertThat(this.bot.get("/api/v1/campaigns").expect(200).json().at("/data/items").findValuesAsString("name"))
			.doesNotContain(reference);
		// and the same send, now storable, is stored whole
		JsonNode sent = post("/api/v1/messages",
				"{\"recipients\":\"" + first + "," + second + "," + refused + "\",\"body\":\"Hello\"}")
			.expect(202)
			.json();
		assertThat(sent.at("/data/total").asInt()).isEqualTo(3);
		assertThat(messagesTo(first) + messagesTo(second) + messagesTo(refused)).isEqualTo(3);
	}

	@Test
	void aBucketWhoseLaterContactIsMalformedIsNotCreatedOnAnySurface() {
		String name = "whole-" + ThreadLocalRandom.current().nextInt(1_000_000);
		long clientId = this.bot.get("/v1/bots/" + this.bot.id()).expect(200).json().get("clientId").asLong();
		Response messages = post("/api/v1/buckets",
				"{\"name\":\"" + name + "-m\",\"contacts\":[{\"number\":\"" + number() + "\"},5]}");
		assertThat(messages.status()).as(messages.body()).isEqualTo(400);
		assertThat(messages.json().get("message").asString()).contains("contacts[1]");
		Response squad = post("/dashboard/bucket", "{\"name\":\"" + name + "-s\",\"client_id\":" + clientId
				+ ",\"items\":[{\"phone_number\":\"" + number() + "\"},{\"param1\":{\"a\":1}}]}");
		assertThat(squad.status()).as(squad.body()).isEqualTo(400);
		assertThat(squad.json().get("message").asString()).contains("items[1].param1");
		Response admin = post("/v1/bots/" + this.bot.id() + "/buckets",
				"{\"name\":\"" + name + "-a\",\"contacts\":[{\"number\":\"" + number() + "\"},[]]}");
		assertThat(admin.status()).as(admin.body()).isEqualTo(400);
		assertThat(this.bot.get("/v1/bots/" + this.bot.id() + "/buckets").expect(200).json().findValuesAsString("name"))
			.noneMatch((bucket) -> bucket.startsWith(name));
	}

	@Test
	void aSquadBucketUpdateWithAMalformedItemChangesNothing() {
		long clientId = this.bot.get("/v1/bots/" + this.bot.id()).expect(200).json().get("clientId").asLong();
		long id = post("/dashboard/bucket", "{\"name\":\"before\",\"client_id\":" + clientId + "}").expect(201)
			.json()
			.at("/data/id")
			.asLong();
		Response response = this.client.patch("/dashboard/bucket/" + id,
				"{\"name\":\"after\",\"items\":[{\"phone_number\":\"" + number() + "\"},\"x\"]}", "x-api-key",
				this.bot.key());
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		JsonNode bucket = this.bot.get("/api/v1/buckets/" + id).expect(200).json().get("data");
		assertThat(bucket.get("name").asString()).isEqualTo("before");
		assertThat(bucket.get("total").asInt()).isZero();
	}

	private long messagesTo(String number) {
		return this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and destination = ?",
				Long.class, this.bot.id(), number);
	}

	private Response post(String path, String body) {
		return this.client.post(path, body, "x-api-key", this.bot.key());
	}

	private static String number() {
		return "9198" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
	}

	/**
	 * DDL on the partitioned notification table locks every partition, and can deadlock
	 * with the workers' statements; PostgreSQL then cancels one side: try again.
	 */
	private void ddl(String sql) {
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
			this.jdbc.execute(sql);
			return true;
		});
	}

}

package io.tidings.campaign;

import java.time.Duration;
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
import static org.awaitility.Awaitility.await;

@IntegrationTest
class CampaignIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CampaignRunner runner;

	@Autowired
	io.tidings.support.MutableClock clock;

	@Test
	void campaignToAHundredThousandRecipientsCompletesWithExactCounts() {
		TestBot bot = fastBot();
		long bucket = bucketOf(bot, 100_000);
		long campaign = create(bot, "big", template(bot, "welcome_all", "Hello {{name}}"), bucket, null).get("id")
			.asLong();
		await().atMost(Duration.ofMinutes(4))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> get(bot, campaign).get("status").asString().equals("COMPLETED") && pending(bot) == 0);
		JsonNode stats = this.client
			.get("/v1/bots/" + bot.id() + "/campaigns/" + campaign + "/stats", "x-api-key", bot.key())
			.expect(200)
			.json();
		assertThat(stats.get("campaign").get("total").asLong()).isEqualTo(100_000);
		assertThat(stats.get("campaign").get("queued").asLong()).isEqualTo(100_000);
		assertThat(stats.get("submitted_count").asLong()).isEqualTo(100_000);
		assertThat(stats.get("sent_count").asLong()).isEqualTo(100_000);
		assertThat(stats.get("absent_count").asLong()).isEqualTo(10_000);
		assertThat(stats.get("successful_count").asLong()).isEqualTo(80_000);
		assertThat(stats.get("failed_count").asLong()).isZero();
		assertThat(stats.get("invalid_count").asLong()).isZero();
		assertThat(stats.get("queue_count").asLong()).isZero();
		assertThat(stats.get("stats").get("USER_REPLIED").asLong()).isEqualTo(10_000);
		assertThat(stats.get("stats").get("DELIVERED_CHANNEL").asLong()).isEqualTo(10_000);
		JsonNode hourly = this.client.get("/api/v1/statistics/hourly?campaign_id=" + campaign, "x-api-key", bot.key())
			.expect(200)
			.json()
			.get("data");
		assertThat(hourly.get("submitted_count").asLong()).isEqualTo(100_000);
		assertThat(hourly.get("sent_count").asLong()).isEqualTo(100_000);
		assertThat(hourly.get("successful_count").asLong()).isEqualTo(80_000);
		assertThat(hourly.get("absent_count").asLong()).isEqualTo(10_000);
		assertThat(hourly.get("queue_count").isNull()).isTrue();
		assertThat(hourly.get("detail").valueStream().mapToLong((h) -> h.get("submitted_count").asLong()).sum())
			.isEqualTo(100_000);
		assertThat(this.jdbc.queryForObject(
				"select count(distinct destination) from notification where bot_id = ? and campaign_id = ?", Long.class,
				bot.id(), Long.toString(campaign)))
			.isEqualTo(100_000);
		String sample = this.jdbc.queryForObject(
				"select id::text from notification where bot_id = ? and destination = '919800000005'", String.class,
				bot.id());
		JsonNode n = bot.notification(sample).json();
		assertThat(n.get("origin").asString()).isEqualTo("CAMPAIGN");
		assertThat(n.get("campaignId").asString()).isEqualTo(Long.toString(campaign));
	}

	@Test
	void fanOutStoppedMidwayResumesWithoutLosingOrRepeatingRecipients() {
		TestBot bot = fastBot();
		long bucket = bucketOf(bot, 30_000);
		this.runner.stop();
		try {
			long campaign = create(bot, "interrupted", template(bot, "t_int", "Hi"), bucket, null).get("id").asLong();
			this.runner.runOnce();
			this.runner.runOnce();
			JsonNode halfway = get(bot, campaign);
			assertThat(halfway.get("queued").asLong()).isEqualTo(4_000);
			assertThat(count(bot, campaign)).isEqualTo(4_000);
		}
		finally {
			this.runner.start();
		}
		await().atMost(Duration.ofMinutes(2))
			.until(() -> this.jdbc.queryForObject("select count(*) from notification where bot_id = ?", Long.class,
					bot.id()) == 30_000);
		assertThat(this.jdbc.queryForObject("select count(distinct destination) from notification where bot_id = ?",
				Long.class, bot.id()))
			.isEqualTo(30_000);
	}

	@Test
	void pausedCampaignStopsAndResumesWhereItStoppedAndCancelledSendsNothingMore() {
		TestBot bot = fastBot();
		long bucket = bucketOf(bot, 400);
		// the other tests' campaigns (tens of thousands of rows) are sent first: their
		// rows
		// are due earlier, and on a loaded machine this one's first sends would wait
		// behind
		// them; start from an empty queue
		await().atMost(Duration.ofMinutes(4))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.jdbc.queryForObject("select count(*) from notification where status = 'CREATED'"
					+ " and due_at is not null and due_at <> 'infinity' and due_at <= now()", Long.class) == 0);
		long campaign = create(bot, "paced", template(bot, "t_paced", "Hi"), bucket, 40).get("id").asLong();
		await().atMost(Duration.ofSeconds(30)).until(() -> sent(bot) >= 20);
		JsonNode paused = this.client
			.post("/v1/bots/" + bot.id() + "/campaigns/" + campaign + "/pause", null, "x-api-key", bot.key())
			.expect(200)
			.json();
		assertThat(paused.get("status").asString()).isEqualTo("PAUSED");
		// no claim can take a held notification once the pause has answered: the attempts
		// begun by then (those still under way finish) are all there are until it resumes
		long begunAtPause = attempts(bot);
		awaitLaterCampaignSent();
		assertThat(attempts(bot)).isEqualTo(begunAtPause);
		this.client.post("/v1/bots/" + bot.id() + "/campaigns/" + campaign + "/resume", null, "x-api-key", bot.key())
			.expect(200);
		// at least 20 sends of recipients not begun before the pause
		await().atMost(Duration.ofSeconds(10)).until(() -> sent(bot) >= begunAtPause + 20);
		JsonNode cancelled = this.client
			.post("/v1/bots/" + bot.id() + "/campaigns/" + campaign + "/cancel", null, "x-api-key", bot.key())
			.expect(200)
			.json();
		assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
		long begunAtCancel = attempts(bot);
		awaitLaterCampaignSent();
		assertThat(attempts(bot)).isEqualTo(begunAtCancel);
		assertThat(sent(bot)).isLessThan(400);
		assertThat(pending(bot)).isZero();
		Map<String, Object> leftovers = this.jdbc.queryForMap("""
				select count(*) filter (where status = 'CREATED') as created,
				  count(*) filter (where status = 'FAILED' and error_message = 'Campaign cancelled') as cancelled
				from notification where bot_id = ?""", bot.id());
		assertThat(((Number) leftovers.get("created")).longValue()).isZero();
		assertThat(((Number) leftovers.get("cancelled")).longValue()).isPositive();
		assertError(this.client.post("/v1/bots/" + bot.id() + "/campaigns/" + campaign + "/resume", null, "x-api-key",
				bot.key()), 409, 100);
	}

	@Test
	void placeholdersAreFilledFromContactAttributesAndMissingOnesFailAsInvalid() {
		TestBot bot = fastBot();
		JsonNode created = this.client.post("/v1/bots/" + bot.id() + "/buckets",
				"{\"name\":\"named\",\"contacts\":[{\"number\":\"919876543215\",\"name\":\"Asha\",\"city\":\"Pune\"},"
						+ "{\"number\":\"919876543216\",\"city\":\"Goa\"}]}",
				"x-api-key", bot.key())
			.expect(201)
			.json();
		long template = template(bot, "t_named", "Hi {{name}} from {{2}}");
		create(bot, "named", template, created.get("id").asLong(), null);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> pending(bot) == 0 && this.jdbc.queryForObject(
					"select count(*) from notification where bot_id = ? and status <> 'CREATED'", Long.class,
					bot.id()) == 2);
		Map<String, Object> invalid = this.jdbc.queryForMap(
				"select status, failure_kind, error_code from notification where bot_id = ? and destination = '919876543216'",
				bot.id());
		assertThat(invalid).containsEntry("status", "FAILED")
			.containsEntry("failure_kind", "INVALID")
			.containsEntry("error_code", 1429);
		assertThat(this.jdbc.queryForObject(
				"select status from notification where bot_id = ? and destination = '919876543215'", String.class,
				bot.id()))
			.isNotEqualTo("FAILED");
	}

	@Test
	void scheduledCampaignWaitsForItsTime() {
		TestBot bot = fastBot();
		long bucket = bucketOf(bot, 10);
		long template = template(bot, "t_later", "Hi");
		java.time.Instant at = this.clock.instant().plusSeconds(2);
		JsonNode created = post(bot, "{\"name\":\"later\",\"templateId\":" + template + ",\"bucketId\":" + bucket
				+ ",\"scheduledAt\":\"" + at + "\"}")
			.expect(201)
			.json();
		assertThat(created.get("status").asString()).isEqualTo("SCHEDULED");
		assertThat(count(bot, created.get("id").asLong())).isZero();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> get(bot, created.get("id").asLong()).get("status").asString().equals("COMPLETED"));
		assertThat(this.jdbc
			.queryForObject("select min(created_at) from notification where bot_id = ?", java.sql.Timestamp.class,
					bot.id())
			.toInstant()).isAfterOrEqualTo(at);
	}

	@Test
	void badCampaignRequestsAreRefused() {
		TestBot bot = fastBot();
		long template = template(bot, "t_bad", "Hi");
		long empty = this.client
			.post("/v1/bots/" + bot.id() + "/buckets", "{\"name\":\"empty\"}", "x-api-key", bot.key())
			.json()
			.get("id")
			.asLong();
		assertError(post(bot, "{\"name\":\"c\",\"templateId\":" + template + ",\"bucketId\":" + empty + "}"), 422, 100);
		assertError(post(bot, "{\"name\":\"c\",\"templateId\":999999,\"bucketId\":" + empty + "}"), 404, 1425);
		assertError(post(bot, "{\"name\":\"c\",\"templateId\":" + template + ",\"bucketId\":999999}"), 404, 1425);
		assertError(post(bot, "{\"name\":\"c\",\"templateId\":" + template + "}"), 400, 1426);
		assertError(post(bot,
				"{\"name\":\"c\",\"templateId\":" + template + ",\"bucketId\":" + empty + ",\"ratePerSecond\":0}"), 400,
				100);
	}

	private TestBot fastBot() {
		TestBot bot = this.client.newBot(null);
		this.client
			.put("/v1/bots/" + bot.id() + "/channels/whatsapp", "{\"provider\":\"simulator\",\"stepDelayMs\":0}",
					"x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
		return bot;
	}

	private long bucketOf(TestBot bot, int size) {
		long bucket = this.client.post("/v1/bots/" + bot.id() + "/buckets", "{\"name\":\"b\"}", "x-api-key", bot.key())
			.expect(201)
			.json()
			.get("id")
			.asLong();
		this.jdbc.update("""
				insert into contact (bucket_id, contact_key, number, attributes)
				select ?, '9198' || lpad(g::text, 8, '0'), '9198' || lpad(g::text, 8, '0'),
				  jsonb_build_object('name', 'Person ' || g, '1', 'Person ' || g)
				from generate_series(0, ? - 1) g""", bucket, size);
		this.jdbc.update("update bucket set contact_count = ? where id = ?", size, bucket);
		return bucket;
	}

	private long template(TestBot bot, String name, String body) {
		return this.client
			.post("/v1/bots/" + bot.id() + "/templates",
					"{\"name\":\"" + name + "\",\"channel\":\"whatsapp\",\"body\":\"" + body + "\"}", "x-api-key",
					bot.key())
			.expect(201)
			.json()
			.get("id")
			.asLong();
	}

	private JsonNode create(TestBot bot, String name, long template, long bucket, Integer rate) {
		return post(bot, "{\"name\":\"" + name + "\",\"templateId\":" + template + ",\"bucketId\":" + bucket
				+ ((rate != null) ? ",\"ratePerSecond\":" + rate : "") + "}")
			.expect(201)
			.json();
	}

	private Response post(TestBot bot, String body) {
		return this.client.post("/v1/bots/" + bot.id() + "/campaigns", body, "x-api-key", bot.key());
	}

	private JsonNode get(TestBot bot, long campaign) {
		return this.client.get("/v1/bots/" + bot.id() + "/campaigns/" + campaign, "x-api-key", bot.key()).json();
	}

	private long count(TestBot bot, long campaign) {
		return this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and campaign_id = ?",
				Long.class, bot.id(), Long.toString(campaign));
	}

	private long sent(TestBot bot) {
		return this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and sent_at is not null",
				Long.class, bot.id());
	}

	private long pending(TestBot bot) {
		return this.jdbc.queryForObject(
				"select count(*) from notification where bot_id = ? and due_at is not null and status = 'CREATED'",
				Long.class, bot.id());
	}

	/**
	 * Send attempts begun for the bot's notifications: a claim counts one for each unsent
	 * notification it takes, so this grows with every send or retry that starts.
	 */
	private long attempts(TestBot bot) {
		return this.jdbc.queryForObject("select coalesce(sum(attempts), 0) from notification where bot_id = ?",
				Long.class, bot.id());
	}

	/**
	 * Waits until another bot's campaign, due a second from now, has been sent. The
	 * dispatcher claims in the order notifications fall due, so by then it has claimed
	 * every one due before it: a paused or cancelled campaign's next second of paced
	 * sends, had they stayed in the queue.
	 */
	private void awaitLaterCampaignSent() {
		TestBot other = fastBot();
		long template = template(other, "t_later_marker", "Hi");
		long bucket = bucketOf(other, 1);
		java.time.Instant at = this.clock.instant().plusSeconds(1);
		long marker = post(other, "{\"name\":\"marker\",\"templateId\":" + template + ",\"bucketId\":" + bucket
				+ ",\"scheduledAt\":\"" + at + "\"}")
			.expect(201)
			.json()
			.get("id")
			.asLong();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> get(other, marker).get("status").asString().equals("COMPLETED"));
	}

}

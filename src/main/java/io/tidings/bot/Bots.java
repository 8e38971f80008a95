package io.tidings.bot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidings.common.CacheChanges;
import io.tidings.common.CacheLifetimes;
import io.tidings.common.CallbackFormat;
import io.tidings.common.EmailAddress;
import io.tidings.common.Status;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, reads and changes bots. Reads are cached briefly: they sit on every send.
 */
@Service
public class Bots {

	private static final Pattern BOT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final Pattern COUNTRY_CODE = Pattern.compile("[1-9][0-9]{0,2}");

	private static final int MAX_REPORT_RECIPIENTS = 50;

	private final BotRepository repository;

	private final Clock clock;

	static final String CACHE = "bot";

	// a change through any instance drops every instance's copy (CacheChanges)
	private final Cache<String, Optional<Bot>> cache;

	private final CacheChanges changes;

	Bots(BotRepository repository, Clock clock, CacheLifetimes lifetimes, CacheChanges changes) {
		this.repository = repository;
		this.clock = clock;
		this.changes = changes;
		this.cache = Caffeine.newBuilder().expireAfterWrite(lifetimes.lifetime()).maximumSize(100_000).build();
		changes.register(CACHE, (botId, elsewhere) -> this.cache.invalidate(botId), this.cache::invalidateAll);
	}

	/**
	 * The bot with this id, if any.
	 */
	public Optional<Bot> find(String botId) {
		if (botId == null) {
			return Optional.empty();
		}
		return this.cache.get(botId, this.repository::find);
	}

	/**
	 * The bot with this id.
	 * @throws BotNotFoundException when there is none
	 */
	public Bot get(String botId) {
		return find(botId).orElseThrow(() -> new BotNotFoundException(botId));
	}

	public List<Bot> list() {
		return this.repository.findAll();
	}

	public boolean any() {
		return this.repository.any();
	}

	/**
	 * The bots whose report schedule is on and that have report recipients, read fresh.
	 */
	public List<Bot> withReportSchedule() {
		return this.repository.findWithReportSchedule();
	}

	/**
	 * Creates a bot with a fresh webhook secret.
	 * @param botId the id to use, or null to generate one
	 */
	@Transactional
	public Bot create(String botId, BotSettings settings) {
		String id = (botId != null) ? botId : "bot_" + Secrets.randomHex(6);
		if (!BOT_ID.matcher(id).matches()) {
			throw new InvalidBotSettingsException("botId", "botId must match [A-Za-z0-9_-]{1,64}");
		}
		if (this.repository.exists(id)) {
			throw new InvalidBotSettingsException("botId", "botId " + id + " is already taken");
		}
		Bot defaults = new Bot(id, 0, id, true, 2000, CallbackFormat.YELLOW, "91", null, WebhookSecret.generate(), 90,
				List.of(), null, this.clock.instant(), EnumSet.allOf(Status.class));
		Bot bot = apply(defaults, settings);
		this.repository.insert(bot);
		this.changes.announce(CACHE, id);
		return this.repository.find(id).orElseThrow();
	}

	@Transactional
	public Bot update(String botId, BotSettings settings) {
		Bot bot = apply(get(botId), settings);
		this.repository.update(bot);
		this.changes.announce(CACHE, botId);
		return bot;
	}

	/**
	 * Replaces the bot's webhook signing secret; callbacks are signed with the new one at
	 * once.
	 */
	@Transactional
	public Bot rotateWebhookSecret(String botId) {
		Bot current = get(botId);
		Bot bot = new Bot(current.id(), current.clientId(), current.name(), current.apiAccessEnabled(),
				current.rateLimitPerMinute(), current.webhookFormat(), current.defaultCountryCode(),
				current.postbackUrl(), WebhookSecret.generate(), current.retentionDays(), current.reportRecipients(),
				current.reportSchedule(), current.createdAt(), current.callbackEvents());
		this.repository.update(bot);
		this.changes.announce(CACHE, botId);
		return bot;
	}

	private static Bot apply(Bot bot, BotSettings s) {
		if (s.name() != null && (s.name().isBlank() || s.name().length() > 200)) {
			throw new InvalidBotSettingsException("name", "name must be 1 to 200 characters");
		}
		if (s.rateLimitPerMinute() != null && (s.rateLimitPerMinute() < 1 || s.rateLimitPerMinute() > 10_000_000)) {
			throw new InvalidBotSettingsException("rateLimitPerMinute", "rateLimitPerMinute must be 1 to 10000000");
		}
		if (s.defaultCountryCode() != null && !COUNTRY_CODE.matcher(s.defaultCountryCode()).matches()) {
			throw new InvalidBotSettingsException("defaultCountryCode",
					"defaultCountryCode must be a calling code of 1 to 3 digits, e.g. 91");
		}
		if (s.postbackUrl() != null && !s.postbackUrl().isEmpty() && !s.postbackUrl().matches("https?://\\S+")) {
			throw new InvalidBotSettingsException("postbackUrl", "postbackUrl must be an http(s) URL");
		}
		if (s.retentionDays() != null && (s.retentionDays() < 1 || s.retentionDays() > 3650)) {
			throw new InvalidBotSettingsException("retentionDays", "retentionDays must be 1 to 3650");
		}
		return new Bot(bot.id(), bot.clientId(), or(s.name(), bot.name()),
				or(s.apiAccessEnabled(), bot.apiAccessEnabled()), or(s.rateLimitPerMinute(), bot.rateLimitPerMinute()),
				or(s.webhookFormat(), bot.webhookFormat()), or(s.defaultCountryCode(), bot.defaultCountryCode()),
				(s.postbackUrl() != null) ? emptyToNull(s.postbackUrl()) : bot.postbackUrl(), bot.webhookSecret(),
				or(s.retentionDays(), bot.retentionDays()),
				(s.reportRecipients() != null) ? reportRecipients(s.reportRecipients()) : bot.reportRecipients(),
				(s.reportSchedule() != null) ? ReportSchedule.parse(s.reportSchedule()).toMap() : bot.reportSchedule(),
				bot.createdAt(),
				(s.callbackEvents() != null) ? callbackEvents(s.callbackEvents()) : bot.callbackEvents());
	}

	private static Set<Status> callbackEvents(List<String> given) {
		EnumSet<Status> events = EnumSet.noneOf(Status.class);
		for (int i = 0; i < given.size(); i++) {
			String name = given.get(i);
			try {
				events.add(Status.valueOf(name));
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				String path = "callbackEvents[" + i + "]";
				throw new InvalidBotSettingsException(path,
						path + " must be one of CREATED, DELIVERED_CHANNEL, DELIVERED_USER, READ, REPLY, FAILED");
			}
		}
		return Collections.unmodifiableSet(events);
	}

	private static List<String> reportRecipients(List<String> given) {
		if (given.size() > MAX_REPORT_RECIPIENTS) {
			throw new InvalidBotSettingsException("reportRecipients",
					"reportRecipients holds at most " + MAX_REPORT_RECIPIENTS + " addresses");
		}
		List<String> addresses = new ArrayList<>(given.size());
		for (int i = 0; i < given.size(); i++) {
			String path = "reportRecipients[" + i + "]";
			String address = EmailAddress.parse(given.get(i))
				.orElseThrow(() -> new InvalidBotSettingsException(path, path + " is not a valid email address"))
				.value();
			if (!addresses.contains(address)) {
				addresses.add(address);
			}
		}
		return List.copyOf(addresses);
	}

	private static <T> T or(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	private static String emptyToNull(String value) {
		return value.isBlank() ? null : value;
	}

}

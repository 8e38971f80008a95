package io.tidings.callback;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidings.common.CacheChanges;
import io.tidings.common.CacheLifetimes;
import io.tidings.common.InvalidFieldException;
import io.tidings.common.Status;
import io.tidings.notification.StatusSubscribers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A bot's Jelou status webhook subscriptions (API.md §12): URLs, each with the statuses
 * it wants, called back for every notification of the bot in the Jelou format.
 */
@Service
public class WebhookSubscriptions implements StatusSubscribers {

	private static final int MAX = 10;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final WebhookTargets targets;

	static final String CACHE = "webhook-subscription";

	// read for every callback event; a change through any instance drops every
	// instance's copy (CacheChanges)
	private final Cache<String, List<Subscription>> cache;

	private final CacheChanges changes;

	WebhookSubscriptions(JdbcTemplate jdbc, JsonMapper json, WebhookTargets targets, CacheLifetimes lifetimes,
			CacheChanges changes) {
		this.jdbc = jdbc;
		this.json = json;
		this.targets = targets;
		this.changes = changes;
		this.cache = Caffeine.newBuilder().expireAfterWrite(lifetimes.lifetime()).maximumSize(100_000).build();
		changes.register(CACHE, (botId, elsewhere) -> this.cache.invalidate(botId), this.cache::invalidateAll);
	}

	/**
	 * The bot's subscriptions, in the order they were given.
	 */
	public List<Subscription> list(String botId) {
		return this.cache.get(botId,
				(id) -> this.jdbc.query(
						"select url, events::text from webhook_subscription where bot_id = ? order by position",
						(rs, row) -> new Subscription(rs.getString(1), events(rs.getString(2))), id));
	}

	@Override
	public boolean want(String botId, Status status) {
		for (Subscription s : list(botId)) {
			if (s.events().contains(status)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Replaces the bot's subscriptions.
	 * @throws InvalidFieldException naming {@code webhooks[i].url} or
	 * {@code webhooks[i].events[j]} for a value that cannot be used
	 */
	@Transactional
	public List<Subscription> replace(String botId, List<Requested> requested) {
		if (requested.size() > MAX) {
			throw new InvalidFieldException("webhooks", "webhooks holds at most " + MAX + " subscriptions");
		}
		List<Subscription> subscriptions = new ArrayList<>();
		for (int i = 0; i < requested.size(); i++) {
			Requested r = requested.get(i);
			String path = "webhooks[" + i + "]";
			if (r.url() == null || r.url().isBlank()) {
				throw new InvalidFieldException(path + ".url", path + ".url is required");
			}
			this.targets.check(r.url(), path + ".url");
			EnumSet<Status> events = EnumSet.noneOf(Status.class);
			for (int j = 0; j < r.events().size(); j++) {
				String name = r.events().get(j);
				Status status = statusOf(name);
				if (status == null) {
					String field = path + ".events[" + j + "]";
					throw new InvalidFieldException(field,
							field + " must be one of created, delivered_channel, delivered_user, read, reply, failed");
				}
				events.add(status);
			}
			subscriptions.add(new Subscription(r.url(), events));
		}
		this.jdbc.update("delete from webhook_subscription where bot_id = ?", botId);
		for (int i = 0; i < subscriptions.size(); i++) {
			Subscription s = subscriptions.get(i);
			this.jdbc.update(
					"insert into webhook_subscription (bot_id, position, url, events) values (?, ?, ?, ?::jsonb)",
					botId, i, s.url(), this.json.writeValueAsString(s.eventNames()));
		}
		this.changes.announce(CACHE, botId);
		return subscriptions;
	}

	private Set<Status> events(String stored) {
		EnumSet<Status> events = EnumSet.noneOf(Status.class);
		this.json.readValue(stored, new TypeReference<List<String>>() {
		}).forEach((name) -> {
			Status status = statusOf(name);
			if (status != null) {
				events.add(status);
			}
		});
		return events;
	}

	private static Status statusOf(String name) {
		if (name == null) {
			return null;
		}
		try {
			return Status.valueOf(name.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * One subscription: a URL and the statuses it is called for.
	 */
	public record Subscription(String url, Set<Status> events) {

		/**
		 * The events as the API writes them: {@code created}, {@code delivered_user} …
		 */
		public List<String> eventNames() {
			return this.events.stream().map((s) -> s.name().toLowerCase(Locale.ROOT)).toList();
		}

	}

	/**
	 * A subscription as a client asks for it.
	 */
	public record Requested(String url, List<String> events) {
	}

}

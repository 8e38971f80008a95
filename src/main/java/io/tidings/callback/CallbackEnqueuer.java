package io.tidings.callback;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.common.TimeOrderedId;
import io.tidings.notification.StatusChange;
import io.tidings.notification.StatusesChanged;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Writes one pending webhook delivery per status change, in the transaction of the
 * change, to {@code config.postbackUrl} or else the bot's {@code postbackUrl}.
 */
@Component
class CallbackEnqueuer {

	private static final String INSERT = """
			insert into webhook_delivery (id, bot_id, notification_id, url, event, payload, state, run_at, created_at)
			values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)""";

	private final JdbcTemplate jdbc;

	private final Bots bots;

	private final CallbackPayloads payloads;

	private final CallbackSender sender;

	private final Clock clock;

	CallbackEnqueuer(JdbcTemplate jdbc, Bots bots, JsonMapper json, CallbackSender sender, Clock clock) {
		this.jdbc = jdbc;
		this.bots = bots;
		this.payloads = new CallbackPayloads(json);
		this.sender = sender;
		this.clock = clock;
	}

	@EventListener
	void enqueue(StatusesChanged event) {
		Timestamp now = Timestamp.from(this.clock.instant());
		List<Object[]> rows = new ArrayList<>();
		for (StatusChange change : event.changes()) {
			String url = (change.postbackUrl() != null) ? change.postbackUrl()
					: this.bots.find(change.botId()).map(Bot::postbackUrl).orElse(null);
			if (url == null || url.isBlank()) {
				continue;
			}
			rows.add(new Object[] { TimeOrderedId.next(), change.botId(), change.notificationId(), url,
					change.status().name(), this.payloads.of(change), now, now });
		}
		if (!rows.isEmpty()) {
			this.jdbc.batchUpdate(INSERT, rows);
		}
	}

	@TransactionalEventListener
	void wake(StatusesChanged event) {
		this.sender.wake();
	}

}

package io.tidings.template;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.tidings.common.Channel;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies Meta's template webhooks (API.md §14): a status update or a quality update for
 * one template, named by name and language, moves its status here.
 */
@Service
public class TemplateEvents {

	private final JdbcClient jdbc;

	private final Templates templates;

	private final Clock clock;

	TemplateEvents(JdbcClient jdbc, Templates templates, Clock clock) {
		this.jdbc = jdbc;
		this.templates = templates;
		this.clock = clock;
	}

	/**
	 * A {@code message_template_status_update}: Meta's event word for the template.
	 * @return the template's status now, if the bot has that template
	 */
	@Transactional
	public Optional<TemplateStatus> statusChanged(String botId, String name, String language, String event) {
		return MetaTemplateStatus.event(event).flatMap((status) -> move(botId, name, language, (current) -> status));
	}

	/**
	 * A {@code message_template_quality_update}: the template's new quality score.
	 * @return the template's status now, if the bot has that template
	 */
	@Transactional
	public Optional<TemplateStatus> qualityChanged(String botId, String name, String language, String newScore) {
		return move(botId, name, language, (current) -> MetaTemplateStatus.quality(current, newScore));
	}

	private Optional<TemplateStatus> move(String botId, String name, String language,
			UnaryOperator<TemplateStatus> rule) {
		Optional<Template> found = this.jdbc
			.sql("select " + Templates.COLUMNS + " from template where bot_id = ? and channel = ? and name = ?"
					+ " order by (language = ?) desc limit 1 for update")
			.params(botId, Channel.WHATSAPP.wire(), name, (language != null) ? language : "")
			.query(this.templates::map)
			.optional()
			.filter((t) -> language == null || t.language().equals(language));
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Template template = found.get();
		TemplateStatus next = rule.apply(template.status());
		if (next != template.status()) {
			this.jdbc.sql("update template set status = ?, updated_at = ? where id = ?")
				.params(next.name(), Timestamp.from(this.clock.instant()), template.id())
				.update();
			this.templates.evict(botId);
		}
		return Optional.of(next);
	}

}

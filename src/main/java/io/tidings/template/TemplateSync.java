package io.tidings.template;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.tidings.channel.TemplateCatalog;
import io.tidings.channel.VendorTemplate;
import io.tidings.common.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings a bot's WhatsApp templates in line with its Business Account (API.md §14): each
 * of Meta's templates, keyed by name and language, is created or updated here with its
 * content and status; templates Meta does not list are left alone.
 */
@Service
public class TemplateSync {

	private static final Logger log = LoggerFactory.getLogger(TemplateSync.class);

	private final TemplateCatalog catalog;

	private final Templates templates;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionTemplate transactions;

	private final Clock clock;

	TemplateSync(TemplateCatalog catalog, Templates templates, JdbcClient jdbc, JsonMapper json,
			TransactionTemplate transactions, Clock clock) {
		this.catalog = catalog;
		this.templates = templates;
		this.jdbc = jdbc;
		this.json = json;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Reads every template of the account the WhatsApp channel settings name and stores
	 * them.
	 * @throws io.tidings.channel.TemplateCatalogException when Meta refuses
	 */
	public SyncResult sync(String botId, Map<String, Object> whatsAppSettings) {
		List<VendorTemplate> listed = this.catalog.fetch(whatsAppSettings);
		SyncResult result = this.transactions.execute((status) -> {
			int[] counts = new int[3];
			for (VendorTemplate vendor : listed) {
				if (vendor.name() == null || vendor.language() == null || vendor.body() == null) {
					continue;
				}
				counts[store(botId, vendor)]++;
			}
			return new SyncResult(counts[CREATED], counts[UPDATED], counts[UNCHANGED]);
		});
		this.templates.evict(botId);
		return result;
	}

	private int store(String botId, VendorTemplate vendor) {
		Timestamp now = Timestamp.from(this.clock.instant());
		TemplateStatus status = MetaTemplateStatus.of(vendor.status(), vendor.qualityScore());
		String buttons = (vendor.buttons() != null) ? this.json.writeValueAsString(vendor.buttons()) : null;
		Optional<Template> current = variant(botId, vendor.name(), vendor.language());
		if (current.isEmpty()) {
			int inserted = this.jdbc
				.sql("""
						insert into template (bot_id, name, channel, language, category, header, body, footer, buttons, status,
						  created_at, updated_at, source, synced_at, external_id)
						values (?, ?, 'whatsapp', ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, 'meta', ?, ?) on conflict do nothing""")
				.params(botId, vendor.name(), vendor.language(), vendor.category(), vendor.header(), vendor.body(),
						vendor.footer(), buttons, status.name(), now, now, now, vendor.externalId())
				.update();
			if (inserted == 0) {
				// until templates are unique per language, another language of this name
				// holds it
				log.info("Template {} ({}) of bot {} not stored: another language of it exists", vendor.name(),
						vendor.language(), botId);
				return UNCHANGED;
			}
			return CREATED;
		}
		Template t = current.get();
		boolean same = t.source() == TemplateSource.META && Objects.equals(t.category(), vendor.category())
				&& Objects.equals(t.header(), vendor.header()) && Objects.equals(t.body(), vendor.body())
				&& Objects.equals(t.footer(), vendor.footer()) && Objects.equals(t.buttons(), vendor.buttons())
				&& t.status() == status;
		this.jdbc.sql("""
				update template set category = ?, header = ?, body = ?, footer = ?, buttons = ?::jsonb, status = ?,
				  updated_at = case when ? then updated_at else ? end, source = 'meta', synced_at = ?, external_id = ?
				where id = ?""")
			.params(vendor.category(), vendor.header(), vendor.body(), vendor.footer(), buttons, status.name(), same,
					now, now, vendor.externalId(), t.id())
			.update();
		return same ? UNCHANGED : UPDATED;
	}

	private Optional<Template> variant(String botId, String name, String language) {
		return this.jdbc
			.sql("select " + Templates.COLUMNS
					+ " from template where bot_id = ? and channel = ? and name = ? and language = ? for update")
			.params(botId, Channel.WHATSAPP.wire(), name, language)
			.query(this.templates::map)
			.optional();
	}

	private static final int CREATED = 0;

	private static final int UPDATED = 1;

	private static final int UNCHANGED = 2;

	/**
	 * How many of Meta's templates were new here, changed, or already as Meta has them.
	 */
	public record SyncResult(int created, int updated, int unchanged) {
	}

}

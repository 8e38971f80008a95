package io.tidings.bot;

import java.util.Map;

import io.tidings.common.Channel;
import io.tidings.template.TemplateDraft;
import io.tidings.template.TemplateStatus;
import io.tidings.template.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Makes an empty database usable at once: the admin key, and a {@code demo} bot with
 * simulator channels, a demo template and a key, printed with a ready-to-paste curl
 * command.
 */
@Component
class FirstStart implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

	static final String DEMO_BOT = "demo";

	static final String DEMO_TEMPLATE = "demo_welcome";

	private final AdminKey adminKey;

	private final Bots bots;

	private final ApiKeys keys;

	private final BotChannels channels;

	private final Templates templates;

	private final Environment environment;

	private final boolean demo;

	private final BotMessaging messaging;

	private String newAdminKey;

	private String demoKey;

	FirstStart(AdminKey adminKey, Bots bots, ApiKeys keys, BotChannels channels, Templates templates,
			Environment environment, @Value("${tidings.demo.enabled:true}") boolean demo, BotMessaging messaging) {
		this.messaging = messaging;
		this.adminKey = adminKey;
		this.bots = bots;
		this.keys = keys;
		this.channels = channels;
		this.templates = templates;
		this.environment = environment;
		this.demo = demo;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.newAdminKey = this.adminKey.initialise();
		if (this.demo && !this.bots.any()) {
			this.demoKey = createDemo();
		}
	}

	private String createDemo() {
		this.bots.create(DEMO_BOT, BotSettings.named("Demo bot"));
		for (Channel channel : Channel.values()) {
			this.channels.put(DEMO_BOT, channel, "simulator", Map.of());
		}
		String body = "Hello {{1}}, your order {{2}} is on its way.";
		this.templates.create(DEMO_BOT, new TemplateDraft(DEMO_TEMPLATE, Channel.WHATSAPP, "en", "UTILITY", null, null,
				body, "Tidings demo", null, TemplateStatus.APPROVED));
		this.templates.create(DEMO_BOT, new TemplateDraft(DEMO_TEMPLATE, Channel.SMS, "en", "UTILITY", null, null, body,
				null, null, TemplateStatus.APPROVED));
		this.templates.create(DEMO_BOT, new TemplateDraft(DEMO_TEMPLATE, Channel.EMAIL, "en", "UTILITY", null,
				"Your order {{2}}", body, null, null, TemplateStatus.APPROVED));
		// a number ending in 00 shows the SMS fallback (API.md §11, §14)
		this.messaging.update(DEMO_BOT, true, null);
		return this.keys.create(DEMO_BOT, "demo").key();
	}

	@EventListener(ApplicationReadyEvent.class)
	void announce() {
		String port = this.environment.getProperty("local.server.port", "8080");
		StringBuilder text = new StringBuilder();
		if (this.newAdminKey != null) {
			text.append("\n  Admin key (shown once, keep it): ").append(this.newAdminKey);
		}
		if (this.demoKey != null) {
			text.append("\n  Demo bot '").append(DEMO_BOT).append("' key (shown once): ").append(this.demoKey);
			text.append("\n  Send a WhatsApp notification through the simulator:\n\n");
			text.append("  curl -i -X POST 'http://localhost:")
				.append(port)
				.append("/api/engagements/notifications/v2/push?bot=")
				.append(DEMO_BOT)
				.append("' \\\n    -H 'x-api-key: ")
				.append(this.demoKey)
				.append("' -H 'Content-Type: application/json' \\\n")
				.append("    -d '{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"type\":\"whatsapp\",")
				.append("\"templateId\":\"")
				.append(DEMO_TEMPLATE)
				.append("\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1001\"}}}'\n");
		}
		if (!text.isEmpty()) {
			log.info("Tidings is ready on port {}{}", port, text);
		}
		this.newAdminKey = null;
		this.demoKey = null;
	}

}

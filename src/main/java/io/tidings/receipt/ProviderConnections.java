package io.tidings.receipt;

import io.tidings.bot.BotChannels;
import io.tidings.bot.ChannelConfigured;
import io.tidings.bot.ChannelSetting;
import io.tidings.channel.Providers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the accounts that receive on their own connections (SMPP binds) connected from
 * the moment their channel is configured, and again from start-up: an SMSC delivers
 * receipts and inbound messages only on an open bind (API.md §12).
 */
@Component
class ProviderConnections {

	private static final Logger log = LoggerFactory.getLogger(ProviderConnections.class);

	private final BotChannels channels;

	private final Providers providers;

	ProviderConnections(BotChannels channels, Providers providers) {
		this.channels = channels;
		this.providers = providers;
	}

	@EventListener(ApplicationReadyEvent.class)
	void connectConfigured() {
		for (String provider : this.providers.listening()) {
			this.channels.withProvider(provider).forEach(this::connect);
		}
	}

	@EventListener
	void connectConfigured(ChannelConfigured configured) {
		if (configured.elsewhere()) {
			ChannelSetting setting = configured.setting();
			try {
				this.providers.reconnect(setting.botId(), setting.channel(), setting.provider(), setting.settings());
			}
			catch (RuntimeException ex) {
				log.warn("Could not connect {} of bot {} again: {}", setting.channel().wire(), setting.botId(),
						ex.getMessage());
			}
			return;
		}
		connect(configured.setting());
	}

	private void connect(ChannelSetting setting) {
		try {
			this.providers.connect(setting.botId(), setting.channel(), setting.provider(), setting.settings());
		}
		catch (RuntimeException ex) {
			// the bind keeps retrying in the background; a send reports its own failure
			log.warn("Could not connect {} of bot {}: {}", setting.channel().wire(), setting.botId(), ex.getMessage());
		}
	}

}

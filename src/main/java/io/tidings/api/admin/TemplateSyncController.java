package io.tidings.api.admin;

import java.util.Map;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.ErrorCodes;
import io.tidings.bot.BotChannels;
import io.tidings.bot.Caller;
import io.tidings.bot.ChannelSetting;
import io.tidings.channel.InvalidChannelSettingsException;
import io.tidings.channel.TemplateCatalogException;
import io.tidings.common.Channel;
import io.tidings.template.TemplateSync;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/bots/{botId}/templates/sync} (API.md §14): reads the templates of the
 * bot's WhatsApp Business Account from Meta and stores them. Meta refusing answers 502
 * with Meta's message.
 */
@RestController
@Tag(name = "Templates")
class TemplateSyncController {

	private final TemplateSync sync;

	private final BotChannels channels;

	private final Access access;

	TemplateSyncController(TemplateSync sync, BotChannels channels, Access access) {
		this.sync = sync;
		this.channels = channels;
		this.access = access;
	}

	@Operation(summary = "Sync the bot's WhatsApp templates from its WhatsApp Business Account (wabaId)")
	@PostMapping("/v1/bots/{botId}/templates/sync")
	Map<String, Object> sync(Caller caller, @PathVariable String botId) {
		this.access.bot(caller, botId);
		ChannelSetting whatsApp = this.channels.find(botId, Channel.WHATSAPP)
			.filter((setting) -> setting.provider().equals("whatsapp-cloud"))
			.orElseThrow(() -> ApiException.unprocessable(ErrorCodes.INVALID_PARAMETER,
					"channel whatsapp must use the whatsapp-cloud provider to sync templates"));
		try {
			TemplateSync.SyncResult result = this.sync.sync(botId, whatsApp.settings());
			return Map.of("created", result.created(), "updated", result.updated(), "unchanged", result.unchanged());
		}
		catch (InvalidChannelSettingsException ex) {
			throw ApiException.unprocessable(ErrorCodes.INVALID_PARAMETER, ex.getMessage());
		}
		catch (TemplateCatalogException ex) {
			throw new ApiException(HttpStatus.BAD_GATEWAY, ErrorCodes.SERVICE, ex.getMessage());
		}
	}

}

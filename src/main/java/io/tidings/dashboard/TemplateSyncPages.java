package io.tidings.dashboard;

import io.tidings.bot.BotChannels;
import io.tidings.bot.ChannelSetting;
import io.tidings.channel.TemplateCatalogException;
import io.tidings.common.Channel;
import io.tidings.common.InvalidFieldException;
import io.tidings.template.TemplateSync;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The templates page's "Sync from Meta" button: the same sync as {@code POST
 * /v1/bots/{botId}/templates/sync}, its counts or Meta's refusal shown on the list.
 */
@Controller
class TemplateSyncPages {

	private final TemplateSync sync;

	private final BotChannels channels;

	private final ConsoleAccess access;

	TemplateSyncPages(TemplateSync sync, BotChannels channels, ConsoleAccess access) {
		this.sync = sync;
		this.channels = channels;
		this.access = access;
	}

	static boolean canSync(BotChannels channels, String botId) {
		return channels.find(botId, Channel.WHATSAPP).filter((s) -> s.provider().equals("whatsapp-cloud")).isPresent();
	}

	@PostMapping("/console/bots/{botId}/templates/sync")
	String sync(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, RedirectAttributes redirect) {
		this.access.bot(user, botId);
		ChannelSetting whatsApp = this.channels.find(botId, Channel.WHATSAPP)
			.filter((s) -> s.provider().equals("whatsapp-cloud"))
			.orElseThrow(() -> new PageNotFoundException("WhatsApp Cloud is not configured for this bot"));
		String message;
		try {
			TemplateSync.SyncResult result = this.sync.sync(botId, whatsApp.settings());
			message = "Synced from Meta: " + result.created() + " created, " + result.updated() + " updated, "
					+ result.unchanged() + " unchanged.";
		}
		catch (TemplateCatalogException | InvalidFieldException ex) {
			message = "Sync failed: " + ex.getMessage();
		}
		redirect.addFlashAttribute("synced", message);
		return "redirect:/console/bots/" + botId + "/templates";
	}

}

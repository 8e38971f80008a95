package io.tidings.dashboard;

import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.tidings.bot.BotChannels;
import io.tidings.bot.BotSettings;
import io.tidings.bot.Bots;
import io.tidings.common.Channel;
import io.tidings.common.InvalidFieldException;

/**
 * Sign-in, and the first page after it: the bot list for the admin, the bot's overview
 * for a bot key.
 */
@Controller
class HomeController {

	private final Bots bots;

	private final BotChannels channels;

	private final ConsoleAccess access;

	HomeController(Bots bots, BotChannels channels, ConsoleAccess access) {
		this.bots = bots;
		this.channels = channels;
		this.access = access;
	}

	@GetMapping("/")
	String root() {
		return "redirect:/console";
	}

	@GetMapping("/login")
	String login() {
		return "console/login";
	}

	@GetMapping("/console")
	String home(@AuthenticationPrincipal ConsoleUser user, Model model) {
		if (!user.admin()) {
			return "redirect:/console/bots/" + user.botId();
		}
		model.addAttribute("bots", this.bots.list());
		return "console/bots";
	}

	@PostMapping("/console/bots")
	String create(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) String botId,
			@RequestParam(required = false) String name, @RequestParam(defaultValue = "false") boolean simulator,
			Model model) {
		this.access.admin(user);
		String id = (botId == null || botId.isBlank()) ? null : botId.strip();
		try {
			String created = this.bots
				.create(id, BotSettings.named((name == null || name.isBlank()) ? id : name.strip()))
				.id();
			if (simulator) {
				for (Channel channel : Channel.values()) {
					this.channels.put(created, channel, "simulator", Map.of());
				}
			}
			return "redirect:/console/bots/" + created + "/keys";
		}
		catch (InvalidFieldException ex) {
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("bots", this.bots.list());
			return "console/bots";
		}
	}

}

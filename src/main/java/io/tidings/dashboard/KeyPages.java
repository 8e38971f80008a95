package io.tidings.dashboard;

import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.tidings.bot.ApiKeys;
import io.tidings.bot.Bot;
import io.tidings.bot.NewApiKey;

/**
 * A bot's API keys, for the admin: create (the key is shown once), revoke.
 */
@Controller
class KeyPages {

	private final ApiKeys keys;

	private final ConsoleAccess access;

	KeyPages(ApiKeys keys, ConsoleAccess access) {
		this.keys = keys;
		this.access = access;
	}

	@GetMapping("/console/bots/{botId}/keys")
	String list(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, Model model) {
		return page(user, botId, null, model);
	}

	@PostMapping("/console/bots/{botId}/keys")
	String create(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@RequestParam(required = false) String name, Model model) {
		this.access.admin(user);
		this.access.bot(user, botId);
		NewApiKey created = this.keys.create(botId, (name == null || name.isBlank()) ? "console" : name.strip());
		return page(user, botId, created, model);
	}

	@PostMapping("/console/bots/{botId}/keys/{keyId}/revoke")
	String revoke(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @PathVariable UUID keyId) {
		this.access.admin(user);
		this.access.bot(user, botId);
		this.keys.revoke(botId, keyId);
		return "redirect:/console/bots/" + botId + "/keys";
	}

	private String page(ConsoleUser user, String botId, NewApiKey created, Model model) {
		this.access.admin(user);
		Bot bot = this.access.bot(user, botId);
		model.addAttribute("bot", bot);
		model.addAttribute("section", "keys");
		model.addAttribute("keys", this.keys.list(botId));
		model.addAttribute("created", created);
		return "console/keys";
	}

}

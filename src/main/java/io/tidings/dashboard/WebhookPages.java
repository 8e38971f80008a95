package io.tidings.dashboard;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.tidings.bot.Bots;
import io.tidings.callback.WebhookDeliveries;
import io.tidings.callback.WebhookDelivery;

/**
 * Webhooks: the delivery log (response codes, attempts, next retry), a manual retry, and
 * the signing secret, which only the admin sees and rotates (as in the API).
 */
@Controller
class WebhookPages {

	private static final int PAGE_SIZE = 50;

	private static final Set<String> STATES = Set.of("PENDING", "DELIVERED", "DEAD");

	private final WebhookDeliveries deliveries;

	private final Bots bots;

	private final ConsoleAccess access;

	WebhookPages(WebhookDeliveries deliveries, Bots bots, ConsoleAccess access) {
		this.deliveries = deliveries;
		this.bots = bots;
		this.access = access;
	}

	@GetMapping("/console/bots/{botId}/webhooks")
	String list(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@RequestParam(required = false) String state, @RequestParam(defaultValue = "1") int page, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		model.addAttribute("section", "webhooks");
		String filter = (state != null && STATES.contains(state)) ? state : null;
		int pageNumber = Math.max(1, page);
		List<WebhookDelivery> rows = this.deliveries.list(botId, filter, null, PAGE_SIZE + 1,
				(pageNumber - 1) * PAGE_SIZE);
		model.addAttribute("rows", rows.subList(0, Math.min(PAGE_SIZE, rows.size())));
		model.addAttribute("hasNext", rows.size() > PAGE_SIZE);
		model.addAttribute("page", pageNumber);
		model.addAttribute("state", filter);
		return "console/webhooks";
	}

	@PostMapping("/console/bots/{botId}/webhooks/{id}/retry")
	String retry(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @PathVariable UUID id) {
		this.access.bot(user, botId);
		if (!this.deliveries.retry(botId, id)) {
			throw new PageNotFoundException("Delivery " + id + " not found");
		}
		return "redirect:/console/bots/" + botId + "/webhooks";
	}

	@PostMapping("/console/bots/{botId}/webhooks/secret")
	String rotate(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId) {
		this.access.admin(user);
		this.access.bot(user, botId);
		this.bots.rotateWebhookSecret(botId);
		return "redirect:/console/bots/" + botId + "/webhooks";
	}

}

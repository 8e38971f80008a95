package io.tidings.dashboard;

import io.tidings.bot.Bot;
import io.tidings.common.Channel;
import io.tidings.common.EmailAddress;
import io.tidings.common.PhoneNumber;
import io.tidings.suppression.Suppressions;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The opt-out page: the bot's suppression lists, searched as you type (htmx swaps the
 * rows), with recipients added and removed by hand.
 */
@Controller
class SuppressionPages {

	private static final int PAGE = 100;

	private final Suppressions suppressions;

	private final ConsoleAccess access;

	SuppressionPages(Suppressions suppressions, ConsoleAccess access) {
		this.suppressions = suppressions;
		this.access = access;
	}

	@GetMapping("/console/bots/{botId}/suppressions")
	String list(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@RequestParam(required = false) String channel, @RequestParam(required = false) String search,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		Channel filter = (channel != null && !channel.isBlank()) ? Channel.fromWire(channel) : null;
		model.addAttribute("section", "suppressions");
		model.addAttribute("channels", Channel.values());
		model.addAttribute("channel", (filter != null) ? filter.wire() : "");
		model.addAttribute("search", (search != null) ? search : "");
		model.addAttribute("rows", this.suppressions.list(botId, filter, search, PAGE, 0));
		model.addAttribute("total", this.suppressions.count(botId, filter, search));
		return (htmx != null) ? "console/suppressions :: rows" : "console/suppressions";
	}

	@PostMapping("/console/bots/{botId}/suppressions")
	String add(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @RequestParam String channel,
			@RequestParam String recipient, RedirectAttributes redirect) {
		Bot bot = this.access.bot(user, botId);
		Channel parsed = Channel.fromWire(channel);
		String normalised = (parsed == null) ? null : normalise(bot, parsed, recipient);
		if (normalised == null) {
			redirect.addFlashAttribute("error",
					(parsed == null) ? "Choose a channel" : recipient + " is not a valid recipient for " + channel);
		}
		else {
			this.suppressions.add(botId, parsed, normalised, "console");
			redirect.addFlashAttribute("notice", normalised + " will get no more " + parsed.wire() + " messages.");
		}
		return "redirect:/console/bots/" + botId + "/suppressions";
	}

	@PostMapping("/console/bots/{botId}/suppressions/remove")
	String remove(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @RequestParam String channel,
			@RequestParam String recipient, RedirectAttributes redirect) {
		this.access.bot(user, botId);
		Channel parsed = Channel.fromWire(channel);
		if (parsed != null && this.suppressions.remove(botId, parsed, recipient)) {
			redirect.addFlashAttribute("notice", recipient + " may be messaged on " + parsed.wire() + " again.");
		}
		return "redirect:/console/bots/" + botId + "/suppressions";
	}

	private static String normalise(Bot bot, Channel channel, String recipient) {
		if (channel == Channel.EMAIL) {
			return EmailAddress.parse(recipient).map(EmailAddress::value).orElse(null);
		}
		return PhoneNumber.parse(recipient, bot.defaultCountryCode()).map(PhoneNumber::digits).orElse(null);
	}

}

package io.tidings.dashboard;

import java.io.InputStream;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.tidings.bot.Bot;
import io.tidings.common.InvalidFieldException;
import io.tidings.recipient.Bucket;
import io.tidings.recipient.Buckets;

/**
 * Buckets: list, create, and CSV upload streamed into the bucket, answering with the
 * import report (accepted, duplicates, the rejected rows and why).
 */
@Controller
class BucketPages {

	private final Buckets buckets;

	private final ConsoleAccess access;

	BucketPages(Buckets buckets, ConsoleAccess access) {
		this.buckets = buckets;
		this.access = access;
	}

	@GetMapping("/console/bots/{botId}/buckets")
	String list(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		return listPage(botId, null, model);
	}

	@PostMapping("/console/bots/{botId}/buckets")
	String create(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@RequestParam(required = false) String name, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		try {
			Bucket bucket = this.buckets.create(botId, (name != null) ? name.strip() : null);
			return "redirect:/console/bots/" + botId + "/buckets/" + bucket.id();
		}
		catch (InvalidFieldException ex) {
			return listPage(botId, ex.getMessage(), model);
		}
	}

	@GetMapping("/console/bots/{botId}/buckets/{id}")
	String detail(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @PathVariable long id,
			Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		model.addAttribute("section", "buckets");
		model.addAttribute("bucket", find(botId, id));
		return "console/bucket";
	}

	@PostMapping(path = "/console/bots/{botId}/buckets/{id}/contacts", consumes = "text/csv")
	String upload(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @PathVariable long id,
			InputStream csv, Model model) {
		Bot bot = this.access.bot(user, botId);
		Bucket bucket = find(botId, id);
		try {
			model.addAttribute("report", this.buckets.importCsv(bucket, bot.defaultCountryCode(), csv));
		}
		catch (InvalidFieldException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		model.addAttribute("bucket", find(botId, id));
		return "console/bucket :: report";
	}

	private String listPage(String botId, String error, Model model) {
		model.addAttribute("section", "buckets");
		model.addAttribute("buckets", this.buckets.list(botId, 500, 0));
		model.addAttribute("error", error);
		return "console/buckets";
	}

	private Bucket find(String botId, long id) {
		return this.buckets.find(botId, id).orElseThrow(() -> new PageNotFoundException("Bucket " + id + " not found"));
	}

}

package io.tidings.api.webhooks;

import java.util.Map;

import io.tidings.api.ApiException;
import io.tidings.api.ErrorCodes;
import io.tidings.common.Channel;
import io.tidings.suppression.Suppressions;
import io.tidings.suppression.UnsubscribeLinks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The one-click unsubscribe link of emails (RFC 8058, API.md §14). A POST (what a mailbox
 * provider sends, with body {@code List-Unsubscribe=One-Click}) puts the address on the
 * bot's email suppression list; a GET only shows a button that POSTs, since link scanners
 * follow GETs. A token not signed by this service is refused.
 */
@RestController
@Tag(name = "Opt-out")
class UnsubscribeController {

	private final UnsubscribeLinks links;

	private final Suppressions suppressions;

	UnsubscribeController(UnsubscribeLinks links, Suppressions suppressions) {
		this.links = links;
		this.suppressions = suppressions;
	}

	@Operation(summary = "One-click unsubscribe (RFC 8058): adds the address to the bot's email suppression list")
	@PostMapping(path = "/unsubscribe/{token}", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> unsubscribe(@PathVariable String token) {
		UnsubscribeLinks.Recipient recipient = verified(token);
		this.suppressions.add(recipient.botId(), Channel.EMAIL, recipient.address(), "unsubscribe-link");
		return Map.of("unsubscribed", true, "address", recipient.address());
	}

	@Operation(summary = "A page with the unsubscribe button (a GET changes nothing)")
	@GetMapping(path = "/unsubscribe/{token}", produces = MediaType.TEXT_HTML_VALUE)
	String confirm(@PathVariable String token) {
		UnsubscribeLinks.Recipient recipient = verified(token);
		return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body>"
				+ "<form method=\"post\"><p>Stop emails to " + HtmlUtils.htmlEscape(recipient.address()) + "?</p>"
				+ "<button type=\"submit\">Unsubscribe</button></form></body></html>";
	}

	private UnsubscribeLinks.Recipient verified(String token) {
		return this.links.verify(token)
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND,
					"token is not a valid unsubscribe link"));
	}

}

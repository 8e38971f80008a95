package io.tidings.api;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.bot.Caller;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may touch what: a bot key sees only its own bot (others answer 404, never their
 * data), admin routes need the admin key (403).
 */
@Component
public class Access {

	private final Bots bots;

	Access(Bots bots) {
		this.bots = bots;
	}

	/**
	 * The bot, when the caller may see it.
	 * @throws ApiException 404 otherwise
	 */
	public Bot bot(Caller caller, String botId) {
		if (botId == null || !caller.canSee(botId)) {
			throw ApiException.notFound("Bot " + botId + " not found");
		}
		return this.bots.find(botId).orElseThrow(() -> ApiException.notFound("Bot " + botId + " not found"));
	}

	/**
	 * @throws ApiException 403 unless the caller holds the admin key
	 */
	public void admin(Caller caller) {
		if (!caller.isAdmin()) {
			throw new ApiException(HttpStatus.FORBIDDEN, ErrorCodes.PERMISSION_DENIED,
					"this route needs the admin key");
		}
	}

}

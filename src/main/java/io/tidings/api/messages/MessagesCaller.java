package io.tidings.api.messages;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.ErrorCodes;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The Messages surface names no bot in its paths: the bot is the one whose key calls.
 */
@Component
class MessagesCaller {

	private final Access access;

	MessagesCaller(Access access) {
		this.access = access;
	}

	Bot bot(Caller caller) {
		if (caller instanceof Caller.BotKey key) {
			return this.access.bot(caller, key.botId());
		}
		throw new ApiException(HttpStatus.FORBIDDEN, ErrorCodes.PERMISSION_DENIED,
				"the Messages surface needs a bot key: it acts for the key's bot");
	}

	/**
	 * The caller's bot when a path names its {@code clientId}; any other client id
	 * answers 404, whoever it belongs to.
	 */
	Bot bot(Caller caller, String clientId) {
		Bot bot = bot(caller);
		if (!clientId.strip().equals(Long.toString(bot.clientId()))) {
			throw ApiException.notFound("Client " + clientId + " not found");
		}
		return bot;
	}

}

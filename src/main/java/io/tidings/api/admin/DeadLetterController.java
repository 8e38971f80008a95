package io.tidings.api.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.ErrorCodes;
import io.tidings.bot.Caller;
import io.tidings.stream.ConditionalOnKafka;
import io.tidings.stream.ConsumerLag;
import io.tidings.stream.DeadLetterReplay;
import io.tidings.stream.Streams;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dead-letter topics of the Kafka mode, for the operator (admin key only; not part of
 * API.md): how many dead letters wait, and a replay of one topic's dead letters back to
 * it.
 */
@RestController
@ConditionalOnKafka
@Tag(name = "Kafka dead letters (admin)")
class DeadLetterController {

	private final DeadLetterReplay replay;

	private final ConsumerLag lag;

	private final Access access;

	DeadLetterController(DeadLetterReplay replay, ConsumerLag lag, Access access) {
		this.replay = replay;
		this.lag = lag;
		this.access = access;
	}

	@GetMapping("/v1/kafka/dead-letters")
	List<Map<String, Object>> list(Caller caller) {
		this.access.admin(caller);
		Map<String, Long> waiting = this.lag.deadLetters();
		return this.replay.topics().stream().map((topic) -> {
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("topic", topic);
			view.put("deadLetterTopic", Streams.deadLetters(topic));
			view.put("waiting", waiting.get(Streams.deadLetters(topic)));
			return view;
		}).toList();
	}

	@PostMapping("/v1/kafka/dead-letters/{topic}/replay")
	Map<String, Object> replay(Caller caller, @PathVariable String topic) {
		this.access.admin(caller);
		if (!this.replay.topics().contains(topic)) {
			throw ApiException.notFound(
					"topic " + topic + " has no dead-letter topic; one of " + String.join(", ", this.replay.topics()));
		}
		long replayed;
		try {
			replayed = this.replay.replay(topic);
		}
		catch (IllegalStateException ex) {
			throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCodes.SERVICE, ex.getMessage());
		}
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("topic", topic);
		view.put("deadLetterTopic", Streams.deadLetters(topic));
		view.put("replayed", replayed);
		return view;
	}

}

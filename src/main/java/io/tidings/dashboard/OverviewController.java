package io.tidings.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

import io.tidings.notification.DeliveryCounts;
import io.tidings.notification.NotificationFilter;
import io.tidings.notification.StatisticsQueries;
import io.tidings.stream.ConsumerLag;
import io.tidings.stream.DeadLetterReplay;

/**
 * A bot's overview: today's funnel, the hourly chart of the §6 statistics, queue and
 * delivery times, queue depth, and in the Kafka mode each consumer group's lag per topic
 * and the dead letters waiting for a replay; the page polls {@code overview.json} to stay
 * live.
 */
@Controller
class OverviewController {

	private final StatisticsQueries statistics;

	private final ConsoleAccess access;

	private final Clock clock;

	private final ObjectProvider<ConsumerLag> kafkaLag;

	OverviewController(StatisticsQueries statistics, ConsoleAccess access, Clock clock,
			ObjectProvider<ConsumerLag> kafkaLag) {
		this.statistics = statistics;
		this.access = access;
		this.clock = clock;
		this.kafkaLag = kafkaLag;
	}

	@GetMapping("/console/bots/{botId}")
	String overview(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		model.addAttribute("section", "overview");
		model.addAttribute("live", live(botId));
		ConsumerLag lag = this.kafkaLag.getIfAvailable();
		model.addAttribute("kafkaLag", (lag != null) ? lag.lags() : List.of());
		model.addAttribute("deadLetters", (lag != null) ? deadLetters(lag) : List.of());
		return "console/overview";
	}

	@GetMapping("/console/bots/{botId}/overview.json")
	@ResponseBody
	Map<String, Object> json(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId) {
		this.access.bot(user, botId);
		return live(botId);
	}

	/**
	 * The dead letters of one topic that no operator has replayed yet, and where to
	 * replay them.
	 */
	record DeadLetters(String topic, String deadLetterTopic, long waiting, String replay) {
	}

	private static List<DeadLetters> deadLetters(ConsumerLag lag) {
		return lag.waitingDeadLetters()
			.stream()
			.map((w) -> new DeadLetters(w.topic(), w.deadLetterTopic(), w.records(),
					"POST /v1/kafka/dead-letters/" + w.topic() + "/replay"))
			.toList();
	}

	private static Map<String, Object> lagView(String topic, String group, long records) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("topic", topic);
		view.put("group", group);
		view.put("records", records);
		return view;
	}

	private Map<String, Object> live(String botId) {
		Instant now = this.clock.instant();
		Instant today = now.truncatedTo(ChronoUnit.DAYS);
		Instant tomorrow = today.plus(1, ChronoUnit.DAYS);
		SortedMap<Instant, DeliveryCounts> hours = this.statistics.hourly(botId, null, today, tomorrow);
		DeliveryCounts total = StatisticsQueries.total(hours.values());
		StatisticsQueries.Queued queued = this.statistics.queued(botId, null);
		Map<String, Object> view = new LinkedHashMap<>(
				Charts.funnel(this.statistics.stats(botId, new NotificationFilter(null, null, today, tomorrow))));
		view.put("avgQueueTime", Charts.seconds(total.averageQueueSeconds()));
		view.put("avgDeliveryTime", Charts.seconds(total.averageDeliverySeconds()));
		view.put("queueDepth", queued.count());
		view.put("hourly", Charts.hourly(hours, today, 24));
		ConsumerLag lag = this.kafkaLag.getIfAvailable();
		if (lag != null) {
			lag.lags().forEach((l) -> view.put("lag_" + l.group(), l.records()));
			List<Map<String, Object>> lags = new ArrayList<>();
			lag.lags().forEach((l) -> lags.add(lagView(l.topic(), l.group(), l.records())));
			for (DeadLetters waiting : deadLetters(lag)) {
				view.put("deadLetters_" + waiting.topic(), waiting.waiting());
				lags.add(lagView(waiting.deadLetterTopic(), DeadLetterReplay.GROUP, waiting.waiting()));
			}
			view.put("kafkaLag", lags);
		}
		view.put("updatedAt", now.truncatedTo(ChronoUnit.SECONDS).toString());
		return view;
	}

}

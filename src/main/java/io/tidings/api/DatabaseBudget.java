package io.tidings.api;

import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The time budget API.md §13 gives while the database cannot be reached (the send
 * endpoints and {@code /actuator/health}: an answer within 5 s): on their request
 * threads, and on the writers that store accepted sends, a database connection waits for
 * each answer at most {@code tidings.database.request-budget} (default 2 s) before the
 * request fails with 503, where other work (list and export reads, imports, workers)
 * waits up to the driver's {@code socketTimeout}. A silent network partition, where the
 * database's socket neither answers nor closes, is noticed in time instead of after
 * minutes of TCP retransmission. Decided when a connection is taken, from the request the
 * dispatcher serves: no filter on the hot path.
 */
@Component
class DatabaseBudget {

	private final Duration budget;

	DatabaseBudget(Properties properties) {
		this.budget = properties.requestBudget();
	}

	/**
	 * The budget of this thread's database waits, or null when it has none.
	 */
	Duration current() {
		if (AcceptWriters.isOne(Thread.currentThread())) {
			return this.budget;
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			HttpServletRequest request = servlet.getRequest();
			return (isSend(request) || request.getRequestURI().startsWith("/actuator/health")) ? this.budget : null;
		}
		return null;
	}

	/**
	 * The send endpoints of API.md §4, §5 and §6 (and §12's alias): their database waits
	 * are short statements, where a slow write elsewhere (an import of many contacts) may
	 * legitimately take longer than the budget.
	 */
	private static boolean isSend(HttpServletRequest request) {
		String path = request.getRequestURI();
		return "POST".equals(request.getMethod())
				&& (path.equals("/api/engagements/notifications/v2/push") || path.equals("/v1/whatsapp/messages")
						|| path.equals("/api/v1/messages") || path.equals("/service/message"));
	}

	/**
	 * The group-commit writers that store accepted sends ({@code accept-writer} threads):
	 * a send waits on them, so their database waits count against the send's budget.
	 */
	static final class AcceptWriters {

		private AcceptWriters() {
		}

		static boolean isOne(Thread thread) {
			return thread.getName().startsWith("accept-writer");
		}

	}

	/**
	 * @param requestBudget how long a budgeted database wait may last
	 */
	@ConfigurationProperties("tidings.database")
	record Properties(@DefaultValue("2s") Duration requestBudget) {
	}

}

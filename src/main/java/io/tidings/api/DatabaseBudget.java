package io.tidings.api;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Marks the requests that API.md §13 gives a time budget while the database cannot be
 * reached (the send endpoints and {@code /actuator/health}: an answer within 5 s): on
 * their threads, and on the writers that store accepted sends, a database connection
 * waits for each answer at most {@code tidings.database.request-budget} (default 2 s)
 * before the request fails with 503, where other work (list and export reads, workers)
 * waits up to the driver's {@code socketTimeout}. A silent network partition, where the
 * database's socket neither answers nor closes, is noticed in time instead of after
 * minutes of TCP retransmission.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class DatabaseBudget extends OncePerRequestFilter {

	private static final ThreadLocal<Boolean> BUDGETED = new ThreadLocal<>();

	private final Duration budget;

	DatabaseBudget(Properties properties) {
		this.budget = properties.requestBudget();
	}

	/**
	 * The budget of this thread's database waits, or null when it has none.
	 */
	Duration current() {
		return Boolean.TRUE.equals(BUDGETED.get()) || AcceptWriters.isOne(Thread.currentThread()) ? this.budget : null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean budgeted = isSend(request) || request.getRequestURI().startsWith("/actuator/health");
		if (!budgeted) {
			chain.doFilter(request, response);
			return;
		}
		BUDGETED.set(Boolean.TRUE);
		try {
			chain.doFilter(request, response);
		}
		finally {
			BUDGETED.remove();
		}
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
	 * @param requestBudget how long a budgeted request's database wait may last
	 */
	@ConfigurationProperties("tidings.database")
	record Properties(@DefaultValue("2s") Duration requestBudget) {
	}

}

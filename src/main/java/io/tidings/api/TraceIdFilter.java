package io.tidings.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a trace id, in the logs and in {@code X-Trace-Id} on every
 * response.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TraceIdFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String traceId = TraceId.generate();
		MDC.put(TraceId.KEY, traceId);
		response.setHeader("X-Trace-Id", traceId);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(TraceId.KEY);
		}
	}

}

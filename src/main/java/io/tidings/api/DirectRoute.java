package io.tidings.api;

import java.io.IOException;
import java.lang.reflect.Method;

import io.tidings.bot.Caller;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The short way through Spring MVC for a hot endpoint: a {@code POST} of plain JSON to
 * its exact path goes straight to the handler, ahead of the annotated mappings. The
 * lookup among every annotated mapping (with its consumes/produces conditions) and the
 * handler adapter's invocation machinery were a tenth of the JVM's samples per push in
 * the issue 1/6 profile. Every other request to the path (another method, another media
 * type or spelling of the path, an {@code Accept} that is not plainly JSON) is declined
 * here and takes the annotated method, which stays the endpoint's documented form
 * (OpenAPI) and answers 405, 406 and 415 as before. Failures are answered by the same
 * exception handlers as the annotated method's.
 */
public final class DirectRoute implements HandlerMapping, HttpRequestHandler, Ordered {

	/**
	 * The endpoint's work, as the annotated method does it.
	 */
	@FunctionalInterface
	public interface Handler {

		void handle(Caller caller, HttpServletRequest request, HttpServletResponse response) throws Exception;

	}

	private final String path;

	private final Handler handler;

	private final HandlerMethod annotated;

	private final CallerResolver callers;

	private final HandlerExceptionResolver errors;

	/**
	 * @param path the exact request URI taken the short way
	 * @param controller the bean whose annotated method serves the other requests
	 * @param method that method, whose exception handlers answer failures here too
	 */
	public DirectRoute(String path, Object controller, Method method, Handler handler, CallerResolver callers,
			HandlerExceptionResolver errors) {
		this.path = path;
		this.handler = handler;
		this.annotated = new HandlerMethod(controller, method);
		this.callers = callers;
		this.errors = errors;
	}

	@Override
	public HandlerExecutionChain getHandler(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod()) || !this.path.equals(request.getRequestURI())
				|| !plainJson(request.getContentType()) || !acceptsJson(request.getHeader("Accept"))) {
			return null;
		}
		return new HandlerExecutionChain(this);
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		try {
			this.handler.handle(this.callers.caller(request), request, response);
		}
		catch (Exception ex) {
			if (this.errors.resolveException(request, response, this.annotated, ex) == null) {
				if (ex instanceof IOException io) {
					throw io;
				}
				throw new ServletException(ex);
			}
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	// what the annotated mapping's consumes = application/json surely accepts; a charset
	// other than UTF-8 (or a malformed one) is left to it
	static boolean plainJson(String contentType) {
		return contentType != null && (contentType.equalsIgnoreCase("application/json")
				|| contentType.replace(" ", "").equalsIgnoreCase("application/json;charset=utf-8"));
	}

	// what its produces = application/json surely satisfies; any list or quality is left
	// to it
	static boolean acceptsJson(String accept) {
		return accept == null || accept.equals("*/*") || accept.equalsIgnoreCase("application/json");
	}

}

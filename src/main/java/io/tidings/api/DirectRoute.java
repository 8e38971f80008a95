package io.tidings.api;

import java.io.IOException;
import java.lang.reflect.Method;

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
 * its path goes straight to the handler, ahead of the annotated mappings. The lookup
 * among every annotated mapping (with its consumes/produces conditions) and the handler
 * adapter's invocation machinery were a tenth of the JVM's samples per push in the issue
 * 1/6 profile. Every other request to the path (another method, another media type or
 * spelling of the path, an {@code Accept} that is not plainly JSON) is declined here and
 * takes the annotated method, which stays the endpoint's documented form (OpenAPI) and
 * answers 405, 406 and 415 as before. Failures are answered by the same exception
 * handlers as the annotated method's.
 */
public final class DirectRoute implements HandlerMapping, HttpRequestHandler, Ordered {

	/**
	 * The endpoint's work, as the annotated method does it.
	 */
	@FunctionalInterface
	public interface Handler {

		void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;

	}

	private final String path;

	private final boolean variable;

	private final boolean producesJson;

	private final Handler handler;

	private final HandlerMethod annotated;

	private final HandlerExceptionResolver errors;

	/**
	 * @param path the request URI taken the short way, exactly, or ending in {@code /*}:
	 * its prefix and one path variable of letters, digits, {@code -} and {@code _}
	 * ({@link #variable(HttpServletRequest)})
	 * @param producesJson whether the annotated method produces JSON only, so that an
	 * {@code Accept} header that may not take it is left to it
	 * @param controller the bean whose annotated method serves the other requests
	 * @param method that method, whose exception handlers answer failures here too
	 */
	public DirectRoute(String path, boolean producesJson, Object controller, Method method, Handler handler,
			HandlerExceptionResolver errors) {
		this.variable = path.endsWith("/*");
		this.path = this.variable ? path.substring(0, path.length() - 1) : path;
		this.producesJson = producesJson;
		this.handler = handler;
		this.annotated = new HandlerMethod(controller, method);
		this.errors = errors;
	}

	/**
	 * The path variable of a request taken by a route whose path ends in {@code /*}.
	 */
	public static String variable(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return uri.substring(uri.lastIndexOf('/') + 1);
	}

	@Override
	public HandlerExecutionChain getHandler(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod()) || !matches(request.getRequestURI())
				|| !plainJson(request.getContentType())
				|| (this.producesJson && !acceptsJson(request.getHeader("Accept")))) {
			return null;
		}
		return new HandlerExecutionChain(this);
	}

	private boolean matches(String uri) {
		if (!this.variable) {
			return this.path.equals(uri);
		}
		if (uri.length() == this.path.length() || uri.length() > this.path.length() + 64
				|| !uri.startsWith(this.path)) {
			return false;
		}
		for (int i = this.path.length(); i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
				return false;
			}
		}
		return true;
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		try {
			this.handler.handle(request, response);
		}
		catch (Throwable failure) {
			// as DispatcherServlet does for a handler method: an Error is wrapped, and
			// what
			// the handler set on the response is dropped before the error is answered
			Exception ex = (failure instanceof Exception exception) ? exception
					: new ServletException("Handler dispatch failed: " + failure, failure);
			try {
				response.setHeader("Content-Type", null);
				response.setHeader("Content-Disposition", null);
				response.resetBuffer();
			}
			catch (IllegalStateException committed) {
				// the answer has begun; the resolver decides what is left to do
			}
			if (this.errors.resolveException(request, response, this.annotated, ex) == null) {
				if (ex instanceof IOException io) {
					throw io;
				}
				throw (ex instanceof ServletException servlet) ? servlet : new ServletException(ex);
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

package io.tidings.api;

import java.io.IOException;
import java.io.Writer;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error body of API.md §2 and {@code X-Trace-Id} on answers the application never
 * wrote: requests Tomcat refuses before any filter (malformed URL or headers, headers or
 * URI too long) and errors sent with {@code sendError} (the {@code /error} dispatch).
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

	@Bean
	TomcatServletWebServerFactory tomcatServletWebServerFactory() {
		return new TomcatServletWebServerFactory() {

			@Override
			protected TomcatWebServer getTomcatWebServer(Tomcat tomcat) {
				// replaces Tomcat's HTML error report valve before the host starts
				((StandardHost) tomcat.getHost()).setErrorReportValveClass(JsonErrorReportValve.class.getName());
				return super.getTomcatWebServer(tomcat);
			}

		};
	}

	static String message(int status) {
		return switch (status) {
			case 400 -> "malformed request: the URL, a header or the body cannot be read";
			case 404 -> "no such resource";
			case 405 -> "method not allowed";
			case 413 -> "request body is too large";
			case 414 -> "request URI is too long";
			case 431 -> "request headers are too large";
			default -> (status >= 500) ? "internal error" : HttpStatus.valueOf(status).getReasonPhrase();
		};
	}

	static String json(int status, String traceId) {
		int code = (status >= 500) ? ErrorCodes.SERVICE
				: (status == 404) ? ErrorCodes.NOT_FOUND : ErrorCodes.INVALID_PARAMETER;
		return "{\"success\":false,\"status\":\"ERROR\",\"code\":" + code + ",\"message\":\"" + message(status)
				+ "\",\"traceId\":\"" + traceId + "\"}";
	}

	/**
	 * Tomcat's error report as the §2 body, for requests refused before the application.
	 */
	public static class JsonErrorReportValve extends ErrorReportValve {

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			String traceId = response.getHeader("X-Trace-Id");
			if (traceId == null || traceId.isBlank()) {
				traceId = TraceId.generate();
				response.setHeader("X-Trace-Id", traceId);
			}
			try {
				response.setContentType("application/json");
				response.setCharacterEncoding("UTF-8");
				Writer writer = response.getReporter();
				if (writer != null) {
					writer.write(json(status, traceId));
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the client is gone: nothing more to say
			}
		}

	}

	/**
	 * The {@code /error} dispatch of {@code sendError} answers the §2 body.
	 */
	@RestController
	static class JsonErrorController implements ErrorController {

		@RequestMapping("/error")
		ResponseEntity<String> error(HttpServletRequest request, HttpServletResponse response) {
			Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
			int status = (code instanceof Integer value && value >= 400) ? value : 500;
			String traceId = response.getHeader("X-Trace-Id");
			if (traceId == null || traceId.isBlank()) {
				traceId = TraceId.generate();
				response.setHeader("X-Trace-Id", traceId);
			}
			return ResponseEntity.status(status).header("Content-Type", "application/json").body(json(status, traceId));
		}

	}

}

package io.tidings.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tidings.bot.Authenticator;
import io.tidings.bot.Caller;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class DirectRouteTests {

	private static final String PATH = "/api/engagements/notifications/v2/push";

	private final List<Object> handled = new ArrayList<>();

	private final List<Object> resolvedFor = new ArrayList<>();

	@Test
	void plainJsonPostToThePathTakesTheShortWay() {
		DirectRoute route = route();
		assertThat(route.getHandler(request("POST", PATH, "application/json", null))).isNotNull();
		assertThat(route.getHandler(request("POST", PATH, "Application/JSON", "*/*"))).isNotNull();
		assertThat(route.getHandler(request("POST", PATH, "application/json; charset=UTF-8", "application/json")))
			.isNotNull();
	}

	@Test
	void everyOtherRequestIsLeftToTheAnnotatedMapping() {
		DirectRoute route = route();
		assertThat(route.getHandler(request("GET", PATH, "application/json", null))).isNull();
		assertThat(route.getHandler(request("PUT", PATH, "application/json", null))).isNull();
		assertThat(route.getHandler(request("POST", PATH + "/", "application/json", null))).isNull();
		assertThat(
				route.getHandler(request("POST", "/api/engagements/notifications/v2/pus%68", "application/json", null)))
			.isNull();
		assertThat(route.getHandler(request("POST", PATH, null, null))).isNull();
		assertThat(route.getHandler(request("POST", PATH, "text/plain", null))).isNull();
		assertThat(route.getHandler(request("POST", PATH, "application/json;charset=ISO-8859-1", null))).isNull();
		assertThat(route.getHandler(request("POST", PATH, "application/json", "application/xml"))).isNull();
		assertThat(route.getHandler(request("POST", PATH, "application/json", "application/json;q=0"))).isNull();
	}

	@Test
	void callerIsAuthenticatedAndFailuresGoToTheAnnotatedMethodsExceptionHandlers() throws Exception {
		DirectRoute route = route();
		MockHttpServletRequest withKey = request("POST", PATH, "application/json", null);
		withKey.addHeader("x-api-key", "good");
		route.handleRequest(withKey, new MockHttpServletResponse());
		assertThat(this.handled).hasSize(1);
		assertThat(this.resolvedFor).isEmpty();

		route.handleRequest(request("POST", PATH, "application/json", null), new MockHttpServletResponse());
		assertThat(this.handled).hasSize(1);
		assertThat(this.resolvedFor).singleElement()
			.isInstanceOfSatisfying(HandlerMethod.class,
					(method) -> assertThat(method.getMethod().getName()).isEqualTo("annotated"));
	}

	@Test
	void failureNoHandlerAnswersIsRethrown() {
		DirectRoute route = new DirectRoute(PATH, true, this, method(), (request, response) -> {
			throw new IllegalStateException("boom");
		}, (request, response, handler, ex) -> null);
		assertThatThrownBy(() -> route.handleRequest(request("POST", PATH, "application/json", null),
				new MockHttpServletResponse()))
			.hasRootCauseMessage("boom");
	}

	@Test
	void errorIsWrappedAndAnsweredByTheAnnotatedMethodsExceptionHandlers() throws Exception {
		List<Exception> resolved = new ArrayList<>();
		DirectRoute route = new DirectRoute(PATH, true, this, method(), (request, response) -> {
			throw new AssertionError("broken");
		}, (request, response, handler, ex) -> {
			resolved.add(ex);
			return new ModelAndView();
		});
		route.handleRequest(request("POST", PATH, "application/json", null), new MockHttpServletResponse());
		assertThat(resolved).singleElement().isInstanceOf(jakarta.servlet.ServletException.class);
		assertThat(resolved.get(0)).hasCauseInstanceOf(AssertionError.class);
	}

	@Test
	void pathEndingInAVariableTakesOnePlainSegment() {
		DirectRoute route = new DirectRoute("/webhooks/whatsapp/*", false, this, method(), (request, response) -> {
		}, (request, response, handler, ex) -> null);
		MockHttpServletRequest plain = request("POST", "/webhooks/whatsapp/bot_1-A", "application/json", "text/html");
		assertThat(route.getHandler(plain)).isNotNull();
		assertThat(DirectRoute.variable(plain)).isEqualTo("bot_1-A");
		for (String uri : new String[] { "/webhooks/whatsapp/", "/webhooks/whatsapp", "/webhooks/whatsapp/a/b",
				"/webhooks/whatsapp/a%2Fb", "/webhooks/whatsapp/a.b", "/webhooks/whatsapp/" + "a".repeat(65),
				"/webhooks/whatsappx/a" }) {
			assertThat(route.getHandler(request("POST", uri, "application/json", null))).as(uri).isNull();
		}
	}

	void annotated() {
	}

	private DirectRoute route() {
		CallerResolver callers = callers();
		return new DirectRoute(PATH, true, this, method(),
				(request, response) -> this.handled.add(callers.caller(request)), (request, response, handler, ex) -> {
					this.resolvedFor.add(handler);
					return new ModelAndView();
				});
	}

	private static java.lang.reflect.Method method() {
		return ReflectionUtils.findMethod(DirectRouteTests.class, "annotated");
	}

	private static CallerResolver callers() {
		Authenticator authenticator = mock(Authenticator.class);
		given(authenticator.authenticate(any(), any(), any())).willReturn(Optional.empty());
		given(authenticator.authenticate("good", null, null)).willReturn(Optional.of(new Caller.Admin()));
		return new CallerResolver(authenticator);
	}

	private static MockHttpServletRequest request(String method, String uri, String contentType, String accept) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		if (contentType != null) {
			request.setContentType(contentType);
		}
		if (accept != null) {
			request.addHeader("Accept", accept);
		}
		return request;
	}

}

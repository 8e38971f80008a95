package io.tidings.api;

import io.tidings.bot.Authenticator;
import io.tidings.bot.Caller;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a handler's {@link Caller} argument from the request's credentials; a handler
 * that takes one answers 401 without them.
 */
@Component
public class CallerResolver implements HandlerMethodArgumentResolver {

	private final Authenticator authenticator;

	CallerResolver(Authenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Caller.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
			WebDataBinderFactory binders) {
		return caller(request.getNativeRequest(HttpServletRequest.class));
	}

	/**
	 * The caller of a request, also one taken outside the annotated mappings
	 * ({@link DirectRoute}).
	 */
	public Caller caller(HttpServletRequest request) {
		return this.authenticator
			.authenticate(request.getHeader("x-api-key"), request.getHeader("x-auth-token"),
					request.getHeader("Authorization"))
			.orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, ErrorCodes.AUTH,
					"a valid API key is required (x-api-key, x-auth-token, Bearer or Basic)"));
	}

}

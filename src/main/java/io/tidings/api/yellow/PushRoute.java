package io.tidings.api.yellow;

import io.tidings.api.CallerResolver;
import io.tidings.api.DirectRoute;
import io.tidings.bot.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Plain JSON pushes take the {@link DirectRoute} to {@link PushController#push}.
 */
@Configuration(proxyBeanMethods = false)
class PushRoute {

	@Bean
	DirectRoute pushDirectRoute(PushController push, CallerResolver callers,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
		return new DirectRoute(PushController.PATH, true, push,
				ReflectionUtils.findMethod(PushController.class, "push", Caller.class, HttpServletRequest.class,
						HttpServletResponse.class),
				(request, response) -> push.push(callers.caller(request), request, response), errors);
	}

}

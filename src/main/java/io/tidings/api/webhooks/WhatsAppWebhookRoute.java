package io.tidings.api.webhooks;

import io.tidings.api.DirectRoute;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Meta's deliveries of plain JSON take the {@link DirectRoute} to
 * {@link WhatsAppWebhookController#receive}.
 */
@Configuration(proxyBeanMethods = false)
class WhatsAppWebhookRoute {

	@Bean
	DirectRoute whatsAppWebhookDirectRoute(WhatsAppWebhookController webhook,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
		return new DirectRoute("/webhooks/whatsapp/*", false, webhook,
				ReflectionUtils.findMethod(WhatsAppWebhookController.class, "receive", String.class,
						HttpServletRequest.class, HttpServletResponse.class),
				(request, response) -> webhook.receive(DirectRoute.variable(request), request, response), errors);
	}

}

package io.tidings.dashboard;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * The signed-in user on every console page, and console errors as pages (not the API's
 * JSON error body).
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

	@ModelAttribute("user")
	ConsoleUser user(@AuthenticationPrincipal ConsoleUser user) {
		return user;
	}

	@ExceptionHandler(PageNotFoundException.class)
	ModelAndView notFound(PageNotFoundException ex) {
		return page(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(ForbiddenPageException.class)
	ModelAndView forbidden(ForbiddenPageException ex) {
		return page(HttpStatus.FORBIDDEN, ex.getMessage());
	}

	private static ModelAndView page(HttpStatus status, String message) {
		ModelAndView view = new ModelAndView("console/error");
		view.setStatus(status);
		view.addObject("status", status.value());
		view.addObject("message", message);
		return view;
	}

}

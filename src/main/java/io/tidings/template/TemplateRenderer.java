package io.tidings.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tidings.common.Channel;

/**
 * Renders a template with a recipient's params.
 */
public final class TemplateRenderer {

	private TemplateRenderer() {
	}

	/**
	 * @throws MissingParametersException naming every placeholder without a value
	 */
	public static Rendered render(Template template, Map<String, String> params) {
		List<String> missing = Placeholders.missing(params, template.subject(), template.header(), template.body(),
				template.footer());
		if (!missing.isEmpty()) {
			throw new MissingParametersException(missing);
		}
		List<String> bodyNames = Placeholders.names(template.body());
		List<String> bodyParams = new ArrayList<>(bodyNames.size());
		for (String name : bodyNames) {
			bodyParams.add(params.get(name));
		}
		return new Rendered(Placeholders.render(subject(template), params),
				Placeholders.render(template.header(), params), Placeholders.render(template.body(), params),
				Placeholders.render(template.footer(), params), bodyParams);
	}

	// an email template without a subject is sent with its name as the subject (API.md
	// §12)
	private static String subject(Template template) {
		boolean blank = template.subject() == null || template.subject().isBlank();
		return (blank && template.channel() == Channel.EMAIL) ? template.name() : template.subject();
	}

}

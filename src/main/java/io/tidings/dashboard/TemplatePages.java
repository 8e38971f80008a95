package io.tidings.dashboard;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import io.tidings.bot.BotChannels;
import io.tidings.common.Channel;
import io.tidings.common.InvalidFieldException;
import io.tidings.template.MissingParametersException;
import io.tidings.template.Template;
import io.tidings.template.TemplateDraft;
import io.tidings.template.TemplateRenderer;
import io.tidings.template.TemplateStatus;
import io.tidings.template.Templates;

/**
 * Templates: list, create, edit (status included) and a preview rendered with sample
 * params, exactly as a send would render it.
 */
@Controller
class TemplatePages {

	private final Templates templates;

	private final ConsoleAccess access;

	private final BotChannels channels;

	TemplatePages(Templates templates, ConsoleAccess access, BotChannels channels) {
		this.channels = channels;
		this.templates = templates;
		this.access = access;
	}

	@GetMapping("/console/bots/{botId}/templates")
	String list(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		return listPage(botId, TemplateForm.empty(), null, model);
	}

	@PostMapping("/console/bots/{botId}/templates")
	String create(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@ModelAttribute TemplateForm form, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		try {
			this.templates.create(botId, form.draft(null));
			return "redirect:/console/bots/" + botId + "/templates";
		}
		catch (InvalidFieldException ex) {
			return listPage(botId, form, ex.getMessage(), model);
		}
	}

	@GetMapping("/console/bots/{botId}/templates/{id}")
	String edit(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @PathVariable long id,
			Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		Template template = find(botId, id);
		return editPage(template, TemplateForm.of(template), null, model);
	}

	@PostMapping("/console/bots/{botId}/templates/{id}")
	String update(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @PathVariable long id,
			@ModelAttribute TemplateForm form, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		Template template = find(botId, id);
		try {
			this.templates.update(botId, id, form.draft(template.buttons()));
			return "redirect:/console/bots/" + botId + "/templates";
		}
		catch (InvalidFieldException ex) {
			return editPage(template, form, ex.getMessage(), model);
		}
	}

	@PostMapping("/console/bots/{botId}/templates/preview")
	String preview(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@ModelAttribute TemplateForm form, Model model) {
		this.access.bot(user, botId);
		Channel channel = Channel.fromWire(form.channel());
		Template template = new Template(0, botId, form.name(), (channel != null) ? channel : Channel.WHATSAPP, "en",
				null, form.header(), form.subject(), form.body(), form.footer(), List.of(), TemplateStatus.APPROVED,
				Instant.EPOCH, Instant.EPOCH);
		model.addAttribute("placeholders", template.placeholders());
		try {
			model.addAttribute("rendered", TemplateRenderer.render(template, form.sampleParams()));
		}
		catch (MissingParametersException ex) {
			model.addAttribute("missing", ex.missing());
		}
		return "console/templates :: preview";
	}

	private String listPage(String botId, TemplateForm form, String error, Model model) {
		model.addAttribute("section", "templates");
		model.addAttribute("templates", this.templates.list(botId, 500, 0));
		model.addAttribute("canSync", TemplateSyncPages.canSync(this.channels, botId));
		model.addAttribute("form", form);
		model.addAttribute("error", error);
		model.addAttribute("channels", Channel.values());
		model.addAttribute("statuses", TemplateStatus.values());
		return "console/templates";
	}

	private String editPage(Template template, TemplateForm form, String error, Model model) {
		model.addAttribute("section", "templates");
		model.addAttribute("template", template);
		model.addAttribute("form", form);
		model.addAttribute("error", error);
		model.addAttribute("channels", Channel.values());
		model.addAttribute("statuses", TemplateStatus.values());
		return "console/template";
	}

	private Template find(String botId, long id) {
		return this.templates.get(botId, id)
			.orElseThrow(() -> new PageNotFoundException("Template " + id + " not found"));
	}

	/**
	 * The template form as posted; {@code samples} holds {@code name=value} lines for the
	 * preview.
	 */
	public record TemplateForm(String name, String channel, String language, String category, String status,
			String subject, String header, String body, String footer, String samples) {

		static TemplateForm empty() {
			return new TemplateForm(null, "whatsapp", "en", "UTILITY", "APPROVED", null, null, null, null, null);
		}

		static TemplateForm of(Template t) {
			return new TemplateForm(t.name(), t.channel().wire(), t.language(), t.category(), t.status().name(),
					t.subject(), t.header(), t.body(), t.footer(), null);
		}

		TemplateDraft draft(List<Map<String, Object>> buttons) {
			TemplateStatus templateStatus;
			try {
				templateStatus = TemplateStatus.valueOf(String.valueOf(this.status));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidFieldException("status",
						"status must be one of APPROVED, PAUSED, LOW_QUALITY, REJECTED");
			}
			return new TemplateDraft(blankToNull(this.name), channelValue(), blankToNull(this.language),
					blankToNull(this.category), blankToNull(this.header), blankToNull(this.subject),
					blankToNull(this.body), blankToNull(this.footer), buttons, templateStatus);
		}

		Channel channelValue() {
			Channel value = Channel.fromWire(this.channel);
			if (value == null) {
				throw new InvalidFieldException("channel", "channel must be whatsapp, sms or email");
			}
			return value;
		}

		Map<String, String> sampleParams() {
			Map<String, String> params = new LinkedHashMap<>();
			if (this.samples != null) {
				for (String line : this.samples.split("\\R")) {
					int equals = line.indexOf('=');
					if (equals > 0) {
						params.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
					}
				}
			}
			return params;
		}

		private static String blankToNull(String value) {
			return (value == null || value.isBlank()) ? null : value;
		}

	}

}

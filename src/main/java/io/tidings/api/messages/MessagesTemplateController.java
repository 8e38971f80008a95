package io.tidings.api.messages;

import java.util.Map;

import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.api.PageRequest;
import io.tidings.api.admin.TemplateViews;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.template.Templates;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Templates on the Messages surface (API.md §6), over the same model as §7.
 */
@RestController
@Tag(name = "Messages surface")
class MessagesTemplateController {

	private final Templates templates;

	private final MessagesCaller callers;

	private final JsonMapper json;

	MessagesTemplateController(Templates templates, MessagesCaller callers, JsonMapper json) {
		this.templates = templates;
		this.callers = callers;
		this.json = json;
	}

	@PostMapping(path = "/api/v1/templates", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Caller caller, @RequestBody byte[] body) {
		Bot bot = this.callers.bot(caller);
		return Envelope.of("template created successfully", TemplateViews
			.view(this.templates.create(bot.id(), TemplateViews.draft(this.json, JsonBody.object(this.json, body)))));
	}

	@GetMapping("/api/v1/templates")
	Map<String, Object> list(Caller caller, @RequestParam(required = false) String page,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String count) {
		Bot bot = this.callers.bot(caller);
		PageRequest paging = PageRequest.of(page, limit, count, 50, 500);
		return Envelope.list("templates retrieved successfully",
				this.templates.list(bot.id(), paging.limit(), (int) paging.offset())
					.stream()
					.map(TemplateViews::view)
					.toList(),
				this.templates.count(bot.id()));
	}

	@GetMapping("/api/v1/templates/{id}")
	Map<String, Object> get(Caller caller, @PathVariable long id) {
		Bot bot = this.callers.bot(caller);
		return Envelope.of("template retrieved successfully",
				TemplateViews.view(this.templates.get(bot.id(), id).orElseThrow(() -> notFound(id))));
	}

	@PutMapping(path = "/api/v1/templates/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> update(Caller caller, @PathVariable long id, @RequestBody byte[] body) {
		Bot bot = this.callers.bot(caller);
		return Envelope.of("template updated successfully",
				TemplateViews.view(this.templates
					.update(bot.id(), id, TemplateViews.draft(this.json, JsonBody.object(this.json, body)))
					.orElseThrow(() -> notFound(id))));
	}

	@DeleteMapping("/api/v1/templates/{id}")
	Map<String, Object> delete(Caller caller, @PathVariable long id) {
		Bot bot = this.callers.bot(caller);
		if (!this.templates.delete(bot.id(), id)) {
			throw notFound(id);
		}
		return Envelope.of("template deleted successfully", Map.of("id", id));
	}

	private static ApiException notFound(long id) {
		return ApiException.notFound("Template " + id + " not found");
	}

}

package io.tidings.api.admin;

import java.util.List;
import java.util.Map;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
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
 * A bot's templates (API.md §7); a bot key may manage its own.
 */
@RestController
@Tag(name = "Templates")
class TemplateController {

	private final Templates templates;

	private final Access access;

	private final JsonMapper json;

	TemplateController(Templates templates, Access access, JsonMapper json) {
		this.templates = templates;
		this.access = access;
		this.json = json;
	}

	@PostMapping(path = "/v1/bots/{botId}/templates", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Caller caller, @PathVariable String botId, @RequestBody byte[] body) {
		this.access.bot(caller, botId);
		return TemplateViews
			.view(this.templates.create(botId, TemplateViews.draft(this.json, JsonBody.object(this.json, body))));
	}

	@GetMapping("/v1/bots/{botId}/templates")
	List<Map<String, Object>> list(Caller caller, @PathVariable String botId,
			@RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "50") int limit) {
		this.access.bot(caller, botId);
		if (page < 1 || limit < 1 || limit > 500) {
			throw ApiException.badRequest("page must be >= 1 and limit 1 to 500");
		}
		return this.templates.list(botId, limit, (page - 1) * limit).stream().map(TemplateViews::view).toList();
	}

	@GetMapping("/v1/bots/{botId}/templates/{id}")
	Map<String, Object> get(Caller caller, @PathVariable String botId, @PathVariable long id) {
		this.access.bot(caller, botId);
		return TemplateViews.view(this.templates.get(botId, id).orElseThrow(() -> notFound(id)));
	}

	@PutMapping(path = "/v1/bots/{botId}/templates/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> update(Caller caller, @PathVariable String botId, @PathVariable long id,
			@RequestBody byte[] body) {
		this.access.bot(caller, botId);
		return TemplateViews
			.view(this.templates.update(botId, id, TemplateViews.draft(this.json, JsonBody.object(this.json, body)))
				.orElseThrow(() -> notFound(id)));
	}

	@DeleteMapping("/v1/bots/{botId}/templates/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(Caller caller, @PathVariable String botId, @PathVariable long id) {
		this.access.bot(caller, botId);
		if (!this.templates.delete(botId, id)) {
			throw notFound(id);
		}
	}

	private static ApiException notFound(long id) {
		return ApiException.notFound("Template " + id + " not found");
	}

}

package io.tidings.api.admin;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.ContactsBody;
import io.tidings.api.JsonBody;
import io.tidings.api.PageRequest;
import io.tidings.api.Times;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.recipient.Bucket;
import io.tidings.recipient.Buckets;
import io.tidings.recipient.ContactInput;
import io.tidings.recipient.ImportReport;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bot's buckets (API.md §7): create, list, read, delete, and add contacts as JSON or
 * CSV.
 */
@RestController
@Tag(name = "Buckets")
class BucketController {

	private final Buckets buckets;

	private final Access access;

	private final JsonMapper json;

	BucketController(Buckets buckets, Access access, JsonMapper json) {
		this.buckets = buckets;
		this.access = access;
		this.json = json;
	}

	@PostMapping(path = "/v1/bots/{botId}/buckets", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Caller caller, @PathVariable String botId, @RequestBody byte[] body) {
		Bot bot = this.access.bot(caller, botId);
		JsonNode root = JsonBody.object(this.json, body);
		String name = JsonBody.requiredText(root, "name", "name");
		if (root.has("contacts") && !root.get("contacts").isNull()) {
			// read before anything is stored: a bad contact leaves no bucket behind
			List<ContactInput> contacts = ContactsBody.read(root.get("contacts"), "contacts");
			Buckets.Filled filled = this.buckets.createWith(bot.id(), name, null, bot.defaultCountryCode(), contacts);
			Map<String, Object> view = new LinkedHashMap<>(view(filled.bucket()));
			view.put("import", ContactsBody.report(filled.report()));
			return view;
		}
		return view(this.buckets.create(bot.id(), name));
	}

	@GetMapping("/v1/bots/{botId}/buckets")
	List<Map<String, Object>> list(Caller caller, @PathVariable String botId,
			@RequestParam(required = false) String page, @RequestParam(required = false) String limit) {
		this.access.bot(caller, botId);
		PageRequest paging = PageRequest.of(page, limit, 50, 500);
		return this.buckets.list(botId, paging.limit(), paging.offset()).stream().map(BucketController::view).toList();
	}

	@GetMapping("/v1/bots/{botId}/buckets/{id}")
	Map<String, Object> get(Caller caller, @PathVariable String botId, @PathVariable long id) {
		this.access.bot(caller, botId);
		return view(find(botId, id));
	}

	@DeleteMapping("/v1/bots/{botId}/buckets/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(Caller caller, @PathVariable String botId, @PathVariable long id) {
		this.access.bot(caller, botId);
		if (!this.buckets.delete(botId, id)) {
			throw notFound(id);
		}
	}

	@PostMapping(path = "/v1/bots/{botId}/buckets/{id}/contacts", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> addJson(Caller caller, @PathVariable String botId, @PathVariable long id,
			@RequestBody byte[] body) {
		Bot bot = this.access.bot(caller, botId);
		Bucket bucket = find(botId, id);
		JsonNode root = JsonBody.array(this.json, body);
		return ContactsBody.report(this.buckets.importContacts(bucket, bot.defaultCountryCode(),
				ContactsBody.read(root, "contacts").iterator()));
	}

	@PostMapping(path = "/v1/bots/{botId}/buckets/{id}/contacts", consumes = "text/csv")
	Map<String, Object> addCsv(Caller caller, @PathVariable String botId, @PathVariable long id, InputStream csv) {
		Bot bot = this.access.bot(caller, botId);
		Bucket bucket = find(botId, id);
		return ContactsBody.report(this.buckets.importCsv(bucket, bot.defaultCountryCode(), csv));
	}

	private Bucket find(String botId, long id) {
		return this.buckets.find(botId, id).orElseThrow(() -> notFound(id));
	}

	private static ApiException notFound(long id) {
		return ApiException.notFound("Bucket " + id + " not found");
	}

	static Map<String, Object> view(Bucket bucket) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", bucket.id());
		view.put("name", bucket.name());
		view.put("contactCount", bucket.contactCount());
		view.put("createdAt", Times.iso(bucket.createdAt()));
		return view;
	}

}

package io.tidings.api.messages;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Buckets on the Messages surface (API.md §6).
 */
@RestController
@Tag(name = "Messages surface")
class MessagesBucketController {

	private final Buckets buckets;

	private final MessagesCaller callers;

	private final JsonMapper json;

	MessagesBucketController(Buckets buckets, MessagesCaller callers, JsonMapper json) {
		this.buckets = buckets;
		this.callers = callers;
		this.json = json;
	}

	@PostMapping(path = "/api/v1/buckets", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Caller caller, @RequestBody byte[] body) {
		Bot bot = this.callers.bot(caller);
		JsonNode root = JsonBody.object(this.json, body);
		String name = JsonBody.requiredText(root, "name", "name");
		Map<String, Object> data;
		if (root.has("contacts") && !root.get("contacts").isNull()) {
			// read before anything is stored: a bad contact leaves no bucket behind
			List<ContactInput> contacts = ContactsBody.read(root.get("contacts"), "contacts");
			Buckets.Filled filled = this.buckets.createWith(bot.id(), name, null, bot.defaultCountryCode(), contacts);
			data = view(filled.bucket(), bot);
			data.put("import", ContactsBody.report(filled.report()));
		}
		else {
			data = view(this.buckets.create(bot.id(), name), bot);
		}
		return Envelope.of("bucket created successfully", data);
	}

	@GetMapping("/api/v1/buckets")
	Map<String, Object> list(Caller caller, @RequestParam(required = false) String page,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String count) {
		Bot bot = this.callers.bot(caller);
		PageRequest paging = PageRequest.of(page, limit, count, 50, 500);
		return Envelope.list("buckets retrieved successfully",
				this.buckets.list(bot.id(), paging.limit(), paging.offset())
					.stream()
					.map((bucket) -> view(bucket, bot))
					.toList(),
				this.buckets.count(bot.id()));
	}

	@GetMapping("/api/v1/buckets/{id}")
	Map<String, Object> get(Caller caller, @PathVariable long id) {
		Bot bot = this.callers.bot(caller);
		return Envelope.of("bucket retrieved successfully", view(find(bot, id), bot));
	}

	@DeleteMapping("/api/v1/buckets/{id}")
	Map<String, Object> delete(Caller caller, @PathVariable long id) {
		Bot bot = this.callers.bot(caller);
		if (!this.buckets.delete(bot.id(), id)) {
			throw notFound(id);
		}
		return Envelope.of("bucket deleted successfully", Map.of("id", id));
	}

	@PostMapping(path = "/api/v1/buckets/{id}/contacts", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> addJson(Caller caller, @PathVariable long id, @RequestBody byte[] body) {
		Bot bot = this.callers.bot(caller);
		Bucket bucket = find(bot, id);
		return Envelope.of("contacts imported successfully", ContactsBody.report(this.buckets.importContacts(bucket,
				bot.defaultCountryCode(), ContactsBody.read(JsonBody.array(this.json, body), "contacts").iterator())));
	}

	@PostMapping(path = "/api/v1/buckets/{id}/contacts", consumes = "text/csv")
	Map<String, Object> addCsv(Caller caller, @PathVariable long id, InputStream csv) {
		Bot bot = this.callers.bot(caller);
		Bucket bucket = find(bot, id);
		return Envelope.of("contacts imported successfully",
				ContactsBody.report(this.buckets.importCsv(bucket, bot.defaultCountryCode(), csv)));
	}

	private Bucket find(Bot bot, long id) {
		return this.buckets.find(bot.id(), id).orElseThrow(() -> notFound(id));
	}

	private static ApiException notFound(long id) {
		return ApiException.notFound("Bucket " + id + " not found");
	}

	static Map<String, Object> view(Bucket bucket, Bot bot) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", bucket.id());
		view.put("name", bucket.name());
		view.put("client_id", bot.clientId());
		view.put("total", bucket.contactCount());
		view.put("created_at", Times.iso(bucket.createdAt()));
		return view;
	}

}

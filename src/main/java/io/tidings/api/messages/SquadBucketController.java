package io.tidings.api.messages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tidings.api.ApiException;
import io.tidings.api.ContactsBody;
import io.tidings.api.JsonBody;
import io.tidings.api.PageRequest;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.recipient.Bucket;
import io.tidings.recipient.Buckets;
import io.tidings.recipient.ContactInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Squad's buckets (API.md §12): {@code /dashboard/bucket} with {@code items:
 * [{phone_number, param1, …}]}, where {@code paramN} fills placeholder {@code {{N}}}.
 */
@RestController
@Tag(name = "Messages surface")
class SquadBucketController {

	private static final Pattern PARAM = Pattern.compile("param([1-9][0-9]{0,2})");

	private final Buckets buckets;

	private final MessagesCaller callers;

	private final JsonMapper json;

	SquadBucketController(Buckets buckets, MessagesCaller callers, JsonMapper json) {
		this.buckets = buckets;
		this.callers = callers;
		this.json = json;
	}

	@Operation(summary = "Squad: create a bucket {name, description, client_id, items: [{phone_number, param1…}]}")
	@PostMapping(path = "/dashboard/bucket", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Caller caller, @RequestBody byte[] body) {
		JsonNode root = JsonBody.object(this.json, body);
		Bot bot = clientBot(caller, root);
		String name = JsonBody.requiredText(root, "name", "name");
		String description = JsonBody.optionalText(root, "description", "description");
		// read before anything is stored: a bad item leaves no bucket behind
		List<ContactInput> items = itemsOf(root);
		if (items == null) {
			return Envelope.of("bucket created successfully",
					view(this.buckets.create(bot.id(), name, description), bot));
		}
		return Envelope.of("bucket created successfully",
				view(this.buckets.createWith(bot.id(), name, description, bot.defaultCountryCode(), items), bot));
	}

	@Operation(summary = "Squad: the client's buckets, newest first")
	@GetMapping("/dashboard/bucket/by-client/{clientId}")
	Map<String, Object> list(Caller caller, @PathVariable String clientId, @RequestParam(required = false) String page,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String count) {
		Bot bot = this.callers.bot(caller, clientId);
		PageRequest paging = PageRequest.of(page, limit, count, 50, 500);
		return Envelope.list("buckets retrieved successfully",
				this.buckets.list(bot.id(), paging.limit(), paging.offset())
					.stream()
					.map((bucket) -> view(bucket, bot))
					.toList(),
				this.buckets.count(bot.id()));
	}

	@Operation(summary = "Squad: rename or describe a bucket, and add items to it")
	@PatchMapping(path = "/dashboard/bucket/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> update(Caller caller, @PathVariable long id, @RequestBody byte[] body) {
		JsonNode root = JsonBody.object(this.json, body);
		Bot bot = clientBot(caller, root);
		String name = JsonBody.optionalText(root, "name", "name");
		String description = JsonBody.optionalText(root, "description", "description");
		// read before anything is stored: a bad item leaves the bucket as it was
		List<ContactInput> items = itemsOf(root);
		if (items == null) {
			Bucket bucket = this.buckets.update(bot.id(), id, name, description)
				.orElseThrow(() -> ApiException.notFound("Bucket " + id + " not found"));
			return Envelope.of("bucket updated successfully", view(bucket, bot));
		}
		return Envelope.of("bucket updated successfully",
				view(this.buckets.updateWith(bot.id(), id, name, description, bot.defaultCountryCode(), items)
					.orElseThrow(() -> ApiException.notFound("Bucket " + id + " not found")), bot));
	}

	@Operation(summary = "Squad: delete a bucket")
	@DeleteMapping("/dashboard/bucket/{id}")
	Map<String, Object> delete(Caller caller, @PathVariable long id) {
		Bot bot = this.callers.bot(caller);
		if (!this.buckets.delete(bot.id(), id)) {
			throw ApiException.notFound("Bucket " + id + " not found");
		}
		return Envelope.of("bucket deleted successfully", Map.of("id", id));
	}

	private Bot clientBot(Caller caller, JsonNode root) {
		JsonNode clientId = root.get("client_id");
		if (clientId == null || clientId.isNull()) {
			return this.callers.bot(caller);
		}
		if (!clientId.isNumber() && !clientId.isString()) {
			throw ApiException.badRequest("client_id must be the client's numeric id");
		}
		return this.callers.bot(caller, clientId.asString());
	}

	private static List<ContactInput> itemsOf(JsonNode root) {
		JsonNode items = root.get("items");
		return (items == null || items.isNull()) ? null : items(items);
	}

	private static Map<String, Object> view(Buckets.Filled filled, Bot bot) {
		Map<String, Object> view = view(filled.bucket(), bot);
		view.put("import", ContactsBody.report(filled.report()));
		return view;
	}

	/**
	 * Squad's items as contacts: {@code phone_number} is the number, {@code paramN} the
	 * attribute {@code N}, any other field an attribute of its own name.
	 */
	static List<ContactInput> items(JsonNode items) {
		if (!items.isArray()) {
			throw ApiException.badRequest("items must be an array of {phone_number, param1, …}");
		}
		List<ContactInput> contacts = new ArrayList<>(items.size());
		for (int i = 0; i < items.size(); i++) {
			JsonNode item = items.get(i);
			String at = "items[" + i + "]";
			if (!item.isObject()) {
				throw ApiException.badRequest(at + " must be an object");
			}
			Map<String, String> attributes = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> field : item.properties()) {
				String name = field.getKey();
				if (!name.equals("phone_number") && !name.equals("email")) {
					Matcher param = PARAM.matcher(name);
					attributes.put(param.matches() ? param.group(1) : name,
							JsonBody.optionalText(item, name, at + "." + name));
				}
			}
			contacts.add(new ContactInput(i + 1, JsonBody.requiredText(item, "phone_number", at + ".phone_number"),
					JsonBody.optionalText(item, "email", at + ".email"), attributes));
		}
		return contacts;
	}

	private static Map<String, Object> view(Bucket bucket, Bot bot) {
		Map<String, Object> view = MessagesBucketController.view(bucket, bot);
		view.put("description", bucket.description());
		return view;
	}

}

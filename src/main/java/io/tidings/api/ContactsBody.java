package io.tidings.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.recipient.ContactInput;
import io.tidings.recipient.ImportReport;
import tools.jackson.databind.JsonNode;

/**
 * Contacts given as a JSON array ({@code number} or {@code phone}, {@code email}, any
 * other field is a template attribute), and the import report as JSON.
 */
public final class ContactsBody {

	private ContactsBody() {
	}

	public static List<ContactInput> read(JsonNode array, String path) {
		if (!array.isArray()) {
			throw ApiException.badRequest(path + " must be an array of contacts");
		}
		List<ContactInput> contacts = new ArrayList<>(array.size());
		for (int i = 0; i < array.size(); i++) {
			JsonNode contact = array.get(i);
			String at = path + "[" + i + "]";
			if (!contact.isObject()) {
				throw ApiException.badRequest(at + " must be an object");
			}
			String number = JsonBody.optionalText(contact, "number", at + ".number");
			if (number == null) {
				number = JsonBody.optionalText(contact, "phone", at + ".phone");
			}
			String email = JsonBody.optionalText(contact, "email", at + ".email");
			Map<String, String> attributes = new LinkedHashMap<>();
			JsonNode nested = contact.get("attributes");
			for (Map.Entry<String, JsonNode> field : ((nested != null && nested.isObject()) ? nested : contact)
				.properties()) {
				String name = field.getKey();
				if (!List.of("number", "phone", "email", "attributes").contains(name)) {
					attributes.put(name, JsonBody.optionalText((nested != null && nested.isObject()) ? nested : contact,
							name, at + "." + name));
				}
			}
			contacts.add(new ContactInput(i + 1, number, email, attributes));
		}
		return contacts;
	}

	public static Map<String, Object> report(ImportReport report) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("accepted", report.accepted());
		view.put("duplicates", report.duplicates());
		view.put("rejected", report.rejected().stream().map((r) -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("row", r.row());
			row.put("value", r.value());
			row.put("reason", r.reason());
			return row;
		}).toList());
		view.put("rejectedTotal", report.rejectedCount());
		return view;
	}

}

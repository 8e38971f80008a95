package io.tidings.support;

/**
 * A bot created for one test, with its key and webhook secret.
 */
public record TestBot(String id, String key, String webhookSecret, TidingsClient client) {

	public Response push(String body, String... headers) {
		String[] all = new String[headers.length + 2];
		all[0] = "x-api-key";
		all[1] = this.key;
		System.arraycopy(headers, 0, all, 2, headers.length);
		return this.client.post("/api/engagements/notifications/v2/push?bot=" + this.id, body, all);
	}

	/**
	 * Pushes the {@code welcome} template to a number on a channel and returns the msgId.
	 */
	public String send(String channel, String recipient, String config) {
		String user = channel.equals("email") ? "\"email\":\"" + recipient + "\"" : "\"number\":\"" + recipient + "\"";
		String body = "{\"userDetails\":{" + user + "},\"notification\":{\"type\":\"" + channel
				+ "\",\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}"
				+ ((config != null) ? ",\"config\":" + config : "") + "}";
		return push(body).expect(202).json().get("msgId").asString();
	}

	public Response get(String path) {
		return this.client.get(path, "x-api-key", this.key);
	}

	public Response notification(String id) {
		return get("/v1/bots/" + this.id + "/notifications/" + id);
	}

	public String status(String id) {
		return notification(id).expect(200).json().get("sentStatus").asString();
	}

}

package io.tidings.api.messages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.api.Times;
import io.tidings.bot.Bot;
import io.tidings.notification.NotificationView;

/**
 * Messages as the Messages surface lists them, with the seed's {@code total: [{"total":
 * "N"}]} shape.
 */
final class MessageViews {

	private MessageViews() {
	}

	static Map<String, Object> page(List<NotificationView> items, long total, Bot bot) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("items", items.stream().map((n) -> item(n, bot)).toList());
		data.put("total", List.of(Map.of("total", Long.toString(total))));
		return data;
	}

	static Map<String, Object> item(NotificationView n, Bot bot) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("id", n.id().toString());
		item.put("campaign_id", n.campaignId());
		item.put("client_id", bot.clientId());
		item.put("phone", n.destination());
		item.put("sender", n.sender());
		item.put("channel", n.channel().wire());
		item.put("origin", n.origin().name());
		item.put("template", n.templateName());
		item.put("status", n.status().name());
		item.put("error", n.errorMessage());
		item.put("created_at", Times.iso(n.createdAt()));
		item.put("sent_at", Times.iso(n.sentAt()));
		item.put("delivered_at", Times.iso(n.deliveryUserAt()));
		item.put("read_at", Times.iso(n.readAt()));
		return item;
	}

}

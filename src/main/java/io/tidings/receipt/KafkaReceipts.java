package io.tidings.receipt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tidings.channel.ProviderReceipt;
import io.tidings.channel.ReceiptSink;
import io.tidings.channel.UserMessage;
import io.tidings.channel.UserMessagePart;
import io.tidings.common.Channel;
import io.tidings.stream.ConditionalOnKafka;
import io.tidings.stream.Streams;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * Provider receipts in the Kafka mode: a webhook or an SMPP receipt is answered as soon
 * as the brokers have acknowledged its statuses ({@code acks=all}) on
 * {@link Streams#RECEIPTS}, keyed by bot; the consumer group {@value #GROUP} applies them
 * to PostgreSQL in large batches through {@link ProviderReceipts} (one transaction a
 * batch) and commits its offsets after. A batch applied twice changes nothing: statuses
 * only move forward.
 */
@Component
@Primary
@ConditionalOnKafka
class KafkaReceipts implements ReceiptSink {

	static final String GROUP = "tidings-receipts";

	private final Streams streams;

	private final ProviderReceipts receipts;

	private final JsonMapper json;

	KafkaReceipts(Streams streams, ProviderReceipts receipts, JsonMapper json) {
		this.streams = streams;
		this.receipts = receipts;
		this.json = json;
		streams.consumer(Streams.RECEIPTS, GROUP, streams.properties().receiptConsumers(),
				streams.properties().receiptBatch(), ProviderReceipt.class, receipts::accept);
	}

	/**
	 * Publishes the receipts and returns once Kafka has them.
	 */
	@Override
	public void accept(List<ProviderReceipt> receipts) {
		if (receipts.isEmpty()) {
			return;
		}
		List<Map.Entry<String, String>> records = new ArrayList<>(receipts.size());
		for (ProviderReceipt r : receipts) {
			records.add(Map.entry(r.botId(), this.json.writeValueAsString(r)));
		}
		this.streams.publish(Streams.RECEIPTS, records);
	}

	@Override
	public void inbound(String botId, Channel channel, UserMessage message) {
		this.receipts.inbound(botId, channel, message);
	}

	@Override
	public void inboundPart(String botId, Channel channel, UserMessagePart part) {
		// parts are joined in the database, as without Kafka
		this.receipts.inboundPart(botId, channel, part);
	}

}

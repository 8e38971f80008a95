import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes signed WhatsApp Cloud status webhooks for bench/webhooks.lua: one line per
 * request, {@code sha256=<hex HMAC of the body with the app secret>}, a tab, the body.
 * Each body carries one status, as Meta sends them, for the notification whose provider
 * message id is {@code wamid.bench<n>} (seeded by bench/seed-sent.sql). Every notification
 * of the range gets each of the given statuses; all of the first status come before any of
 * the second, so most statuses move a notification forward.
 *
 * <p>
 * Usage: {@code java bench/WebhookBodies.java APP_SECRET PER_FILE FILES delivered,read PREFIX}
 * writes {@code PREFIX-0.txt} (notifications 1 to PER_FILE), {@code PREFIX-1.txt} (the
 * next PER_FILE) and so on.
 */
public class WebhookBodies {

	public static void main(String[] args) throws Exception {
		String secret = args[0];
		long count = Long.parseLong(args[1]);
		int files = Integer.parseInt(args[2]);
		String[] statuses = args[3].split(",");
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		HexFormat hex = HexFormat.of();
		long timestamp = Instant.now().getEpochSecond();
		for (int file = 0; file < files; file++) {
			long first = file * count + 1;
			Path out = Path.of(args[4] + "-" + file + ".txt");
			try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
				for (String status : statuses) {
					for (long n = first; n < first + count; n++) {
						String body = body(n, status, timestamp);
						writer.write("sha256=");
						writer.write(hex.formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
						writer.write('\t');
						writer.write(body);
						writer.write('\n');
					}
				}
			}
		}
	}

	private static String body(long n, String status, long timestamp) {
		String recipient = "9198" + (10_000_000 + n % 90_000_000);
		String pricing = status.equals("read") ? ""
				: ",\"conversation\":{\"id\":\"conv" + n % 100_000 + "\",\"origin\":{\"type\":\"utility\"}},"
						+ "\"pricing\":{\"billable\":true,\"pricing_model\":\"CBP\",\"category\":\"utility\"}";
		return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":"
				+ "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
				+ "\"phone_number_id\":\"106540352242922\"},\"statuses\":[{\"id\":\"wamid.bench" + n + "\",\"status\":\""
				+ status + "\",\"timestamp\":\"" + timestamp + "\",\"recipient_id\":\"" + recipient + "\"" + pricing
				+ "}]},\"field\":\"messages\"}]}]}";
	}

}

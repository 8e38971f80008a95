package io.tidings.channel.smtp;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.tidings.channel.Delivery;
import io.tidings.channel.Provider;
import io.tidings.channel.SendResult;
import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpSenderTests {

	@RegisterExtension
	static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	private Provider provider;

	@BeforeEach
	void create() {
		this.provider = new SmtpProviderFactory().create("bot",
				Map.of("host", "127.0.0.1", "port", mail.getSmtp().getPort(), "tls", "none", "fromAddress",
						"noreply@tidings.test", "fromName", "Tidings Shop"),
				(receipts) -> {
				});
	}

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void deliveredMessageHasSubjectHtmlAndTextPartsAndCopies() throws Exception {
		SendResult result = send("someone@example.com", "Your order A-1",
				"<p>Hello <b>Asha</b>, order A-1 &amp; more</p>", List.of("cc@example.com"),
				List.of("bcc@example.com"));
		assertThat(result).isInstanceOf(SendResult.Accepted.class);
		MimeMessage[] received = mail.getReceivedMessages();
		assertThat(received).hasSize(3);
		MimeMessage message = received[0];
		assertThat(message.getSubject()).isEqualTo("Your order A-1");
		assertThat(message.getFrom()[0].toString()).contains("Tidings Shop", "noreply@tidings.test");
		assertThat(message.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("someone@example.com");
		assertThat(message.getRecipients(Message.RecipientType.CC)[0].toString()).isEqualTo("cc@example.com");
		assertThat(message.getHeader("Bcc")).isNull();
		assertThat(message.getMessageID()).isEqualTo(((SendResult.Accepted) result).providerRef());
		MimeMultipart parts = (MimeMultipart) message.getContent();
		assertThat(parts.getContentType()).startsWith("multipart/alternative");
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
		assertThat(GreenMailUtil.getBody(parts.getBodyPart(0))).contains("Hello Asha, order A-1 & more");
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
		assertThat(GreenMailUtil.getBody(parts.getBodyPart(1))).contains("<b>Asha</b>");
		assertThat(mail.getUserManager().getUserByEmail("bcc@example.com")).as("bcc mailbox").isNotNull();
	}

	@Test
	void plainTextBodyGetsAnEscapedHtmlPart() throws Exception {
		send("someone@example.com", "Hi", "1 < 2\nsecond line", null, null);
		MimeMultipart parts = (MimeMultipart) mail.getReceivedMessages()[0].getContent();
		assertThat(GreenMailUtil.getBody(parts.getBodyPart(1))).contains("1 &lt; 2<br>second line");
	}

	@Test
	void consecutiveMessagesReuseTheConnection() {
		for (int i = 0; i < 20; i++) {
			assertThat(send("user" + i + "@example.com", "Hi", "Body", null, null))
				.isInstanceOf(SendResult.Accepted.class);
		}
		assertThat(mail.getReceivedMessages()).hasSize(20);
		assertThat(((SmtpSender) this.provider).openConnections()).isEqualTo(1);
	}

	private SendResult send(String to, String subject, String body, List<String> cc, List<String> bcc) {
		return this.provider.send(new Delivery(UUID.randomUUID(), "bot", Channel.EMAIL, to, null, "welcome",
				new MessageContent("template", "en", subject, null, body, null, null, null, null, null, cc, bcc, null),
				1));
	}

}

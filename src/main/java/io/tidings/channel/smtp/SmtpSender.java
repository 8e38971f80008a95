package io.tidings.channel.smtp;

import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.tidings.channel.Delivery;
import io.tidings.channel.Provider;
import io.tidings.channel.SendResult;
import io.tidings.common.FailureKind;
import io.tidings.common.MessageContent;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends email over SMTP with a small pool of open connections, so consecutive messages
 * skip the handshake.
 */
final class SmtpSender implements Provider {

	private static final Duration WAIT_FOR_CONNECTION = Duration.ofSeconds(5);

	private final SmtpSettings settings;

	private final Session session;

	private final BlockingQueue<Transport> idle = new LinkedBlockingQueue<>();

	private final AtomicInteger open = new AtomicInteger();

	private final Function<String, String> unsubscribeUrl;

	SmtpSender(SmtpSettings settings) {
		this(settings, null);
	}

	/**
	 * @param unsubscribeUrl the one-click unsubscribe URL of a recipient address, or null
	 * for none
	 */
	SmtpSender(SmtpSettings settings, Function<String, String> unsubscribeUrl) {
		this.unsubscribeUrl = unsubscribeUrl;
		this.settings = settings;
		Properties props = new Properties();
		props.put("mail.smtp.host", settings.host());
		props.put("mail.smtp.port", Integer.toString(settings.port()));
		props.put("mail.smtp.connectiontimeout", "5000");
		props.put("mail.smtp.timeout", "15000");
		props.put("mail.smtp.writetimeout", "15000");
		props.put("mail.smtp.auth", Boolean.toString(settings.username() != null));
		props.put("mail.smtp.starttls.enable", Boolean.toString(settings.tls().equals("starttls")));
		props.put("mail.smtp.starttls.required", Boolean.toString(settings.tls().equals("starttls")));
		props.put("mail.smtp.ssl.enable", Boolean.toString(settings.tls().equals("tls")));
		this.session = Session.getInstance(props);
	}

	@Override
	public SendResult send(Delivery delivery) {
		Transport transport;
		try {
			transport = borrow();
		}
		catch (MessagingException ex) {
			return new SendResult.Retryable("SMTP server unreachable: " + ex.getMessage(), null);
		}
		if (transport == null) {
			return new SendResult.Deferred("all SMTP connections are busy", Duration.ofSeconds(1));
		}
		boolean reusable = true;
		try {
			MimeMessage message = message(delivery);
			transport.sendMessage(message, message.getAllRecipients());
			return new SendResult.Accepted(message.getMessageID());
		}
		catch (SendFailedException ex) {
			return refused(ex, delivery);
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			reusable = false;
			return new SendResult.Retryable("SMTP error: " + ex.getMessage(), null);
		}
		finally {
			giveBack(transport, reusable);
		}
	}

	private SendResult refused(SendFailedException ex, Delivery delivery) {
		if (ex.getValidSentAddresses() != null && contains(ex.getValidSentAddresses(), delivery.destination())) {
			return new SendResult.Accepted("partial:" + delivery.notificationId());
		}
		int code = returnCode(ex);
		String reason = "SMTP " + ((code > 0) ? code + " " : "") + ex.getMessage();
		if (code >= 500 || code == 0 && ex.getInvalidAddresses() != null && ex.getInvalidAddresses().length > 0) {
			return new SendResult.Permanent(FailureKind.REJECTED, 1420, reason);
		}
		return new SendResult.Retryable(reason, null);
	}

	private static int returnCode(MessagingException ex) {
		for (Exception e = ex; e != null; e = (e instanceof MessagingException m) ? m.getNextException() : null) {
			if (e instanceof SMTPSendFailedException failed) {
				return failed.getReturnCode();
			}
			if (e instanceof SMTPAddressFailedException failed) {
				return failed.getReturnCode();
			}
		}
		return 0;
	}

	private static boolean contains(Address[] addresses, String email) {
		for (Address address : addresses) {
			if (address instanceof InternetAddress internet && internet.getAddress().equalsIgnoreCase(email)) {
				return true;
			}
		}
		return false;
	}

	private MimeMessage message(Delivery delivery) throws MessagingException, UnsupportedEncodingException {
		MessageContent content = delivery.content();
		String messageId = "<" + delivery.notificationId() + "@tidings>";
		MimeMessage message = new MimeMessage(this.session) {
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", messageId);
			}
		};
		message.setFrom(new InternetAddress(this.settings.fromAddress(), this.settings.fromName(), "UTF-8"));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(delivery.destination()));
		recipients(message, Message.RecipientType.CC, content.cc());
		recipients(message, Message.RecipientType.BCC, content.bcc());
		message.setSubject((content.subject() != null) ? content.subject() : delivery.templateName(), "UTF-8");
		MimeBodyPart text = new MimeBodyPart();
		text.setText(EmailBodies.text(content.text()), "UTF-8", "plain");
		MimeBodyPart html = new MimeBodyPart();
		html.setText(EmailBodies.html(content.text()), "UTF-8", "html");
		message.setContent(new MimeMultipart("alternative", text, html));
		if (this.unsubscribeUrl != null) {
			// RFC 8058 one-click: mailbox providers POST "List-Unsubscribe=One-Click" to
			// the URL
			message.setHeader("List-Unsubscribe", "<" + this.unsubscribeUrl.apply(delivery.destination()) + ">");
			message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		}
		message.saveChanges();
		return message;
	}

	private static void recipients(MimeMessage message, Message.RecipientType type, List<String> addresses)
			throws MessagingException {
		if (addresses != null && !addresses.isEmpty()) {
			message.setRecipients(type, InternetAddress.parse(String.join(",", addresses)));
		}
	}

	private Transport borrow() throws MessagingException {
		Transport transport = this.idle.poll();
		if (transport != null) {
			return transport;
		}
		if (this.open.incrementAndGet() <= this.settings.connections()) {
			try {
				Transport fresh = this.session.getTransport("smtp");
				fresh.connect(this.settings.host(), this.settings.port(), this.settings.username(),
						this.settings.password());
				return fresh;
			}
			catch (MessagingException | RuntimeException ex) {
				this.open.decrementAndGet();
				throw ex;
			}
		}
		this.open.decrementAndGet();
		try {
			return this.idle.poll(WAIT_FOR_CONNECTION.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private void giveBack(Transport transport, boolean reusable) {
		if (reusable && transport.isConnected()) {
			this.idle.offer(transport);
			return;
		}
		this.open.decrementAndGet();
		closeQuietly(transport);
	}

	int openConnections() {
		return this.open.get();
	}

	@Override
	public void close() {
		Transport transport;
		while ((transport = this.idle.poll()) != null) {
			this.open.decrementAndGet();
			closeQuietly(transport);
		}
	}

	private static void closeQuietly(Transport transport) {
		try {
			transport.close();
		}
		catch (MessagingException ex) {
			// the connection is gone either way
		}
	}

}

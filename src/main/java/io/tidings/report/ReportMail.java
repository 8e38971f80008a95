package io.tidings.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.core.io.FileSystemResource;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends report emails, a short text and a CSV attachment, through the SMTP server of
 * {@code tidings.reports.mail}.
 */
@Component
class ReportMail {

	private final ReportProperties.Mail settings;

	private final JavaMailSenderImpl sender;

	ReportMail(ReportProperties properties) {
		this.settings = properties.mail();
		this.sender = (this.settings.missing() == null) ? sender(this.settings) : null;
	}

	/**
	 * @throws ReportMailUnavailableException when no SMTP server is configured
	 */
	void checkConfigured() {
		if (this.sender == null) {
			throw new ReportMailUnavailableException(this.settings.missing());
		}
	}

	/**
	 * Sends one message to every recipient, with {@code csv} attached as
	 * {@code text/csv}.
	 */
	void send(List<String> recipients, String subject, String text, String filename, Path csv)
			throws MessagingException {
		checkConfigured();
		MimeMessage message = this.sender.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED, "UTF-8");
		helper.setFrom(this.settings.from());
		helper.setTo(recipients.toArray(String[]::new));
		helper.setSubject(subject);
		helper.setText(text);
		helper.addAttachment(filename, new FileSystemResource(csv), "text/csv; charset=UTF-8");
		this.sender.send(message);
	}

	private static JavaMailSenderImpl sender(ReportProperties.Mail settings) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost(settings.host());
		sender.setPort(settings.port());
		sender.setDefaultEncoding("UTF-8");
		boolean auth = settings.username() != null && !settings.username().isBlank();
		if (auth) {
			sender.setUsername(settings.username());
			sender.setPassword(settings.password());
		}
		Properties props = sender.getJavaMailProperties();
		props.put("mail.smtp.auth", Boolean.toString(auth));
		props.put("mail.smtp.connectiontimeout", "10000");
		props.put("mail.smtp.timeout", "60000");
		props.put("mail.smtp.writetimeout", "60000");
		props.put("mail.smtp.starttls.enable", Boolean.toString(settings.starttls()));
		props.put("mail.smtp.starttls.required", Boolean.toString(settings.starttls()));
		props.put("mail.smtp.ssl.enable", Boolean.toString(settings.ssl()));
		return sender;
	}

}

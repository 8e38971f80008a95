package io.tidings.notification;

import java.util.List;
import java.util.UUID;

/**
 * What one fan-out batch did.
 *
 * @param scanned contacts read
 * @param created notifications created (contacts with an address for the channel)
 * @param lastContactId the last contact read, where the next batch resumes
 * @param firstIds the ids of the first notifications created (up to 1000)
 */
public record FanOutResult(int scanned, int created, long lastContactId, List<UUID> firstIds) {
}

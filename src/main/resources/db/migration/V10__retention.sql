-- Retention (API.md §13) deletes webhook deliveries by the notification they report on.
create index if not exists webhook_delivery_notification on webhook_delivery (notification_id);

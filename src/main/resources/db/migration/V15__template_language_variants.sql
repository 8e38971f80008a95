-- A WhatsApp template name exists once per language (Meta: en_US, es, pt_BR ...): the
-- language is part of a template's identity, and a send picks the variant (API.md §12).
alter table template drop constraint template_bot_id_channel_name_key;
alter table template add constraint template_bot_channel_name_language unique (bot_id, channel, name, language);

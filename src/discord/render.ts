import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { Answer } from '../answers/model.js';
import { editorialNotice, fieldHeading } from '../answers/views.js';
import { t } from '../i18n/strings.js';
import { MENU_OPEN, openButtonId, originalButtonId } from './custom-ids.js';
import { clip, LIMITS } from './limits.js';

/**
 * What an answer looks like on Discord: embeds and components, in the API's shape. How it is
 * delivered (privately or not, and which mentions it may ping: none) is the Responder's plan.
 */
export interface RenderedMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

const COLOURS: Record<Answer['status'], number> = {
  ok: 0x2f80ed,
  'not-found': 0xf2c94c,
  error: 0xeb5757,
  'rate-limited': 0xeb5757,
};

/** Answer → embed and components, fitted to Discord's limits. */
export function renderMessage(answer: Answer): RenderedMessage {
  return { embeds: [fitEmbed(answer)], components: renderComponents(answer) };
}

export function fitEmbed(answer: Answer): APIEmbed {
  const title = clip(answer.title, LIMITS.embedTitle);
  const footer = answer.footer ? clip(answer.footer, LIMITS.footer) : undefined;
  // A body that is ours, not the article's, says so above it (the embed's author line).
  const author = answer.editorial ? clip(editorialNotice(answer.lang), LIMITS.authorName) : undefined;
  let description = clip(answer.body, LIMITS.embedDescription);
  const fields: APIEmbedField[] = answer.fields.slice(0, LIMITS.embedFields).map((f) => ({
    name: clip(fieldHeading(f, answer.lang), LIMITS.fieldName) || '\u200b',
    value: clip(f.value, LIMITS.fieldValue) || '\u200b',
  }));
  const size = () =>
    title.length +
    (author?.length ?? 0) +
    description.length +
    (footer?.length ?? 0) +
    fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  // Over the 6,000 total: drop trailing fields first (they are the least central), then shorten the body.
  while (size() > LIMITS.embedTotal && fields.length > 0) fields.pop();
  if (size() > LIMITS.embedTotal)
    description = clip(description, Math.max(1, description.length - (size() - LIMITS.embedTotal)));
  const embed: APIEmbed = { title, color: COLOURS[answer.status] };
  if (author) embed.author = { name: author };
  if (description) embed.description = description;
  if (fields.length > 0) embed.fields = fields;
  if (footer) embed.footer = { text: footer };
  return embed;
}

export function renderComponents(answer: Answer): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  if (answer.menu && answer.menu.options.length > 0) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: MENU_OPEN,
          placeholder: clip(answer.menu.placeholder, LIMITS.selectPlaceholder),
          options: answer.menu.options.slice(0, LIMITS.selectOptions).map((o) => ({
            label: clip(o.label, LIMITS.selectLabel),
            value: o.target.slice(0, LIMITS.selectValue),
            ...(o.description ? { description: clip(o.description, LIMITS.selectDescription) } : {}),
          })),
        },
      ],
    });
  }
  const seen = new Set<string>();
  const buttons = answer.links
    .filter((l) => !seen.has(l.target) && seen.add(l.target))
    .map((l) => ({
      custom_id: openButtonId(l.target),
      label: l.label,
      style: ButtonStyle.Secondary as const,
    }));
  // The article's own sentence beside our translation: last, so the reading order stays first.
  if (answer.original)
    buttons.push({
      custom_id: originalButtonId(answer.original),
      label: t(answer.lang, 'showOriginal'),
      style: ButtonStyle.Secondary,
    });
  for (let i = 0; i < buttons.length && rows.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + LIMITS.buttonsPerRow).map((b) => ({
        type: ComponentType.Button,
        style: b.style,
        custom_id: b.custom_id,
        label: clip(b.label, LIMITS.buttonLabel),
      })),
    });
  }
  return rows;
}

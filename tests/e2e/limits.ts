/**
 * Discord's documented size limits for what a bot sends, as one reusable check.
 *
 * `assertWithinDiscordLimits(x)` accepts any of:
 * - an interaction callback body (`{ type: 4 | 7, data: { embeds, components, ... } }`),
 * - an autocomplete callback body (`{ type: 8, data: { choices } }`),
 * - a message body (`POST /channels/{id}/messages`, or a Responder `RenderedMessage`).
 *
 * It throws one Error listing every violation (so a property test shows all of them at once).
 * `discordLimitViolations(x)` returns that list instead, for callers that want a boolean.
 *
 * Lengths are counted in UTF-16 code units, as the bot's own `clip` does (src/discord/limits.ts).
 * The numbers are written out here on purpose, not imported from src: the check must not move if
 * the bot's constants drift.
 */

export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectOptionDescription: 100,
  selectPlaceholder: 150,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

const CALLBACK_CHANNEL_MESSAGE = 4;
const CALLBACK_UPDATE_MESSAGE = 7;
const CALLBACK_AUTOCOMPLETE = 8;
const COMPONENT_ACTION_ROW = 1;
const COMPONENT_BUTTON = 2;
const COMPONENT_STRING_SELECT = 3;
const BUTTON_STYLE_LINK = 5;

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

export function discordLimitViolations(response: unknown): string[] {
  const problems: string[] = [];
  const L = DISCORD_LIMITS;
  const max = (where: string, value: string | undefined, limit: number) => {
    if (value !== undefined && value.length > limit)
      problems.push(`${where}: ${value.length} > ${limit} characters`);
  };
  const nonEmpty = (where: string, value: unknown) => {
    if (typeof value !== 'string' || value.length === 0)
      problems.push(`${where}: must be a non-empty string`);
  };

  if (!isRec(response)) return ['response is not an object'];

  if (typeof response.type === 'number') {
    const data = response.data;
    if (response.type === CALLBACK_AUTOCOMPLETE) {
      if (!isRec(data)) return ['autocomplete response has no data'];
      const choices = arr(data.choices);
      if (!choices) return ['autocomplete response has no choices array'];
      if (choices.length > L.choices) problems.push(`choices: ${choices.length} > ${L.choices}`);
      choices.forEach((c, i) => {
        if (!isRec(c)) {
          problems.push(`choices[${i}] is not an object`);
          return;
        }
        nonEmpty(`choices[${i}].name`, c.name);
        max(`choices[${i}].name`, str(c.name), L.choiceName);
        if (typeof c.value === 'string') max(`choices[${i}].value`, c.value, L.choiceValue);
        else if (typeof c.value !== 'number') problems.push(`choices[${i}].value must be a string or number`);
      });
      return problems;
    }
    if (response.type !== CALLBACK_CHANNEL_MESSAGE && response.type !== CALLBACK_UPDATE_MESSAGE)
      return [`unexpected callback type ${response.type}`];
    if (!isRec(data)) return [`callback type ${response.type} has no data`];
    return [...problems, ...messageViolations(data, max, nonEmpty)];
  }
  return [...problems, ...messageViolations(response, max, nonEmpty)];
}

function messageViolations(
  message: Rec,
  max: (where: string, value: string | undefined, limit: number) => void,
  nonEmpty: (where: string, value: unknown) => void,
): string[] {
  const problems: string[] = [];
  const L = DISCORD_LIMITS;
  max('content', str(message.content), L.content);

  const allowed = message.allowed_mentions;
  if (!isRec(allowed) || !Array.isArray(allowed.parse) || allowed.parse.length !== 0)
    problems.push(`allowed_mentions.parse must be [] (got ${JSON.stringify(allowed)})`);

  const embeds = arr(message.embeds) ?? [];
  if (embeds.length > L.embeds) problems.push(`embeds: ${embeds.length} > ${L.embeds}`);
  let total = 0;
  embeds.forEach((e, i) => {
    if (!isRec(e)) {
      problems.push(`embeds[${i}] is not an object`);
      return;
    }
    const at = `embeds[${i}]`;
    const title = str(e.title);
    const description = str(e.description);
    max(`${at}.title`, title, L.embedTitle);
    max(`${at}.description`, description, L.embedDescription);
    total += (title?.length ?? 0) + (description?.length ?? 0);
    const fields = arr(e.fields) ?? [];
    if (fields.length > L.embedFields) problems.push(`${at}.fields: ${fields.length} > ${L.embedFields}`);
    fields.forEach((f, j) => {
      if (!isRec(f)) {
        problems.push(`${at}.fields[${j}] is not an object`);
        return;
      }
      nonEmpty(`${at}.fields[${j}].name`, f.name);
      nonEmpty(`${at}.fields[${j}].value`, f.value);
      max(`${at}.fields[${j}].name`, str(f.name), L.fieldName);
      max(`${at}.fields[${j}].value`, str(f.value), L.fieldValue);
      total += (str(f.name)?.length ?? 0) + (str(f.value)?.length ?? 0);
    });
    if (isRec(e.footer)) {
      max(`${at}.footer.text`, str(e.footer.text), L.footer);
      total += str(e.footer.text)?.length ?? 0;
    }
    if (isRec(e.author)) {
      max(`${at}.author.name`, str(e.author.name), L.authorName);
      total += str(e.author.name)?.length ?? 0;
    }
  });
  // The 6,000 applies to all embeds of a message together.
  if (total > L.embedTotal) problems.push(`embeds total: ${total} > ${L.embedTotal} characters`);

  const rows = arr(message.components) ?? [];
  if (rows.length > L.actionRows) problems.push(`components: ${rows.length} action rows > ${L.actionRows}`);
  const customIds = new Set<string>();
  const customId = (where: string, value: unknown) => {
    nonEmpty(`${where}.custom_id`, value);
    if (typeof value !== 'string') return;
    max(`${where}.custom_id`, value, L.customId);
    if (customIds.has(value)) problems.push(`${where}.custom_id "${value}" is not unique in the message`);
    customIds.add(value);
  };
  rows.forEach((row, i) => {
    const at = `components[${i}]`;
    if (!isRec(row) || row.type !== COMPONENT_ACTION_ROW) {
      problems.push(`${at} is not an action row`);
      return;
    }
    const children = arr(row.components) ?? [];
    if (children.length === 0) problems.push(`${at} is an empty action row`);
    const buttons = children.filter((c) => isRec(c) && c.type === COMPONENT_BUTTON);
    const selects = children.filter((c) => isRec(c) && c.type === COMPONENT_STRING_SELECT);
    if (buttons.length > L.buttonsPerRow)
      problems.push(`${at}: ${buttons.length} buttons > ${L.buttonsPerRow}`);
    if (selects.length > 0 && children.length !== 1)
      problems.push(`${at}: a select menu must be alone in its row`);
    children.forEach((c, j) => {
      const cat = `${at}.components[${j}]`;
      if (!isRec(c)) {
        problems.push(`${cat} is not an object`);
        return;
      }
      if (c.type === COMPONENT_BUTTON) {
        max(`${cat}.label`, str(c.label), L.buttonLabel);
        if (c.style === BUTTON_STYLE_LINK) {
          if (typeof c.url !== 'string') problems.push(`${cat}: a link button needs a url`);
        } else customId(cat, c.custom_id);
      } else if (c.type === COMPONENT_STRING_SELECT) {
        customId(cat, c.custom_id);
        max(`${cat}.placeholder`, str(c.placeholder), L.selectPlaceholder);
        const options = arr(c.options) ?? [];
        if (options.length === 0) problems.push(`${cat}: a select menu needs at least one option`);
        if (options.length > L.selectOptions)
          problems.push(`${cat}.options: ${options.length} > ${L.selectOptions}`);
        const values = new Set<string>();
        options.forEach((o, k) => {
          const oat = `${cat}.options[${k}]`;
          if (!isRec(o)) {
            problems.push(`${oat} is not an object`);
            return;
          }
          nonEmpty(`${oat}.label`, o.label);
          nonEmpty(`${oat}.value`, o.value);
          max(`${oat}.label`, str(o.label), L.selectOptionLabel);
          max(`${oat}.value`, str(o.value), L.selectOptionValue);
          max(`${oat}.description`, str(o.description), L.selectOptionDescription);
          const v = str(o.value);
          if (v !== undefined && values.has(v)) problems.push(`${oat}.value "${v}" is not unique`);
          if (v !== undefined) values.add(v);
        });
      } else {
        problems.push(`${cat}: unexpected component type ${String(c.type)}`);
      }
    });
  });
  return problems;
}

/** Throws (listing every violation) unless `response` fits Discord's limits and pings no one. */
export function assertWithinDiscordLimits(response: unknown): void {
  const problems = discordLimitViolations(response);
  if (problems.length > 0) {
    throw new Error(`Outside Discord's limits:\n  - ${problems.join('\n  - ')}`);
  }
}

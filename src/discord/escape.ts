import { escapeMarkdown } from 'discord.js';

const ZWSP = '\u200b';

/**
 * Text a user typed, made inert before it is shown back: Markdown is escaped, and
 * mention syntax is broken with a zero-width space so it renders as text. (Pings are
 * already prevented by `allowed_mentions: { parse: [] }`; this keeps the echo readable
 * and stops it looking like a mention.)
 */
export function escapeUserText(text: string): string {
  return escapeMarkdown(text)
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(@[!&]?|#|\/)/g, `<${ZWSP}$1`)
    .replace(/[\r\n]+/g, ' ');
}

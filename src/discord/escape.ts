const ZWSP = '\u200b';

/**
 * Text a user typed, made inert before it is shown back: every character Discord reads as
 * inline Markdown is backslash-escaped, and mention syntax is broken with a zero-width space
 * so it renders as text. (Pings are already prevented by `allowed_mentions: { parse: [] }`;
 * this keeps the echo readable and stops it looking like a mention.) Line breaks become
 * spaces, so nothing typed can start a line (headings, quotes, lists).
 *
 * Not discord.js's escapeMarkdown: it leaves runs such as `a****b****c` or "```` x ````"
 * partly live (italic, inline code) and masked links (`[text](url)`) live altogether.
 * Escaping each of these characters, always, is the escape escapeMarkdown itself uses
 * (a backslash), just without exceptions.
 */
export function escapeUserText(text: string): string {
  return text
    .replace(/[\\*_~|`[]/g, '\\$&')
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(@[!&]?|#|\/)/g, `<${ZWSP}$1`)
    .replace(/[\r\n]+/g, ' ');
}

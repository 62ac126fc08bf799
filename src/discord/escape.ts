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
  return cleanEcho(text)
    .replace(/[\\*_~|`[]/g, '\\$&')
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(@[!&]?|#|\/)/g, `<${ZWSP}$1`)
    .replace(/[\r\n]+/g, ' ');
}

/**
 * Text a user typed, with what must never be shown back removed: NUL and the other C0 control
 * characters (line breaks and tabs are kept), and lone UTF-16 surrogates, which are not text
 * at all (Discord and JSON consumers reject or mangle them). Pairs (emoji, rare CJK) are kept.
 */
export function cleanEcho(text: string): string {
  return text.replace(CONTROLS, '').replace(LONE_SURROGATE, '');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what it removes
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

import { createInterface } from 'node:readline';
import { Conversations, type TopicMemory } from '../answers/conversation.js';
import { renderText } from '../answers/text.js';
import { openSection, runCommand } from '../commands/dispatch.js';
import { parseInput } from '../commands/parse-line.js';
import { cleanEcho } from '../discord/escape.js';
import { parseLangOption } from '../i18n/locale.js';
import { t } from '../i18n/strings.js';
import type { Lang } from '../knowledge/model.js';
import type { KnowledgeStore } from '../store/store.js';

/**
 * The local console `npm start` opens when no token is configured: the same commands and
 * answers as on Discord, as text. `/open <id>` stands in for the buttons, `/lang zh-TW`
 * for the client language.
 */
export async function runConsole(
  store: KnowledgeStore,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = {
    input: process.stdin,
    output: process.stdout,
  },
  initialLang: Lang = 'zh-Hans',
): Promise<void> {
  let lang = initialLang;
  const write = (s: string) => io.output.write(`${s}\n`);
  write(t(lang, 'consoleWelcome'));
  const rl = createInterface({ input: io.input, terminal: false });
  // A prompt only for a person at a terminal; piped input gets clean output.
  const prompt = (io.input as NodeJS.ReadStream).isTTY ? () => io.output.write('> ') : () => {};
  // The console is one reader's conversation: follow-ups continue the last answer.
  const memory = new Conversations().of('console', 'console');
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '/quit' || line === '/exit') break;
    if (line) write(`${answerLine(line, store, lang, (next) => (lang = next), memory)}\n`);
    prompt();
  }
}

export function answerLine(
  line: string,
  store: KnowledgeStore,
  lang: Lang,
  setLang: (l: Lang) => void,
  memory?: TopicMemory,
): string {
  const { knowledge, engine, questions } = store.current();
  // Plain text here (no Markdown), but never NUL or lone surrogates back at the terminal.
  const ctx = { knowledge, engine, questions, lang, quote: cleanEcho, memory };
  try {
    const input = parseInput(line);
    if (input.type === 'lang') {
      const next = parseLangOption(input.value);
      if (!next) return 'Usage: /lang zh-CN | zh-TW | en';
      setLang(next);
      return `language: ${next}`;
    }
    if (input.type === 'open') return renderText(openSection(input.id, ctx));
    return renderText(runCommand(input.invocation, ctx));
  } catch {
    return t(lang, 'internalError');
  }
}

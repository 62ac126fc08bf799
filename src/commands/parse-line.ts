import type { Invocation } from './dispatch.js';
import { COMMANDS_BY_NAME } from './index.js';

const TRUE = new Set(['true', 'yes', '1', 'on']);
const FALSE = new Set(['false', 'no', '0', 'off']);

/**
 * Reads a console line the way Discord would fill a slash command: `/strategy industry`,
 * `/causes factor:economic private:true`, `/search 房价 下跌`. `name:value` sets an
 * option; the remaining words fill the first text option. A line without a leading `/`
 * is a question, as in a DM.
 */
export function parseLine(line: string): Invocation {
  const text = line.trim();
  if (!text.startsWith('/')) return { name: 'ask', args: { question: text } };
  const [head = '', ...words] = text.slice(1).split(/\s+/);
  const name = head.toLowerCase();
  const spec = COMMANDS_BY_NAME.get(name);
  if (!spec) return { name, args: {} };
  const args: Record<string, string | boolean> = {};
  const rest: string[] = [];
  for (const word of words) {
    const m = /^([a-z-]+):(.*)$/i.exec(word);
    const option = m && spec.options.find((o) => o.name === m[1]?.toLowerCase());
    if (m && option) {
      const value = m[2] ?? '';
      if (option.type === 'boolean') {
        if (TRUE.has(value.toLowerCase())) args[option.name] = true;
        else if (FALSE.has(value.toLowerCase())) args[option.name] = false;
        else rest.push(word);
      } else args[option.name] = value;
    } else rest.push(word);
  }
  const free = spec.options.find((o) => o.type === 'string' && !(o.name in args));
  if (free && rest.length > 0) args[free.name] = rest.join(' ');
  return { name, args };
}

/**
 * A line of the console or the one-shot CLI: a command or question, `/open <section id>` (what a
 * button does), or `/lang <language>` (what the Discord client's language does).
 */
export type Input =
  | { type: 'command'; invocation: Invocation }
  | { type: 'open'; id: string }
  | { type: 'lang'; value: string };

export function parseInput(line: string): Input {
  const [head = '', ...rest] = line.trim().split(/\s+/);
  const word = head.toLowerCase();
  if (word === '/open') return { type: 'open', id: rest[0] ?? '' };
  if (word === '/lang') return { type: 'lang', value: rest[0] ?? '' };
  return { type: 'command', invocation: parseLine(line) };
}

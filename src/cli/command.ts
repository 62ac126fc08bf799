import { renderText } from '../answers/text.js';
import { parseInput } from '../commands/parse-line.js';
import { openButtonId } from '../discord/custom-ids.js';
import { Responder } from '../discord/responder.js';
import { formatProblem, KnowledgeError } from '../knowledge/loader.js';
import { knowledgeDir } from '../knowledge/paths.js';
import { KnowledgeStore } from '../store/store.js';
import { stopWhenOutputCloses } from './lines.js';

const USAGE = `Usage: npm run --silent cli -- [--json] [--locale zh-CN|zh-TW|en-US] "<command line>"
  e.g. npm run --silent cli -- --json --locale zh-TW "/strategy industry"
       npm run --silent cli -- "why do young people leave?"
       npm run --silent cli -- --locale zh-TW "/open strategy.governance"   (a click on that button)
       npm run --silent cli -- "/open zh:effect.labor"   (the Chinese original beside the English)
With --json, prints the interaction response payload the bot would send to Discord.`;

/** One-shot: answers one command line, as text or as the exact Discord payload. */
async function main(argv: string[]): Promise<number> {
  let json = false;
  let locale = 'en-US';
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') json = true;
    else if (a === '--locale') locale = argv[++i] ?? '';
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else words.push(a);
  }
  const line = words.join(' ').trim();
  if (!line || !locale) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let store: KnowledgeStore;
  try {
    store = await KnowledgeStore.open(knowledgeDir());
  } catch (err) {
    if (!(err instanceof KnowledgeError)) throw err;
    process.stderr.write(`The knowledge base is invalid:\n${err.problems.map(formatProblem).join('\n')}\n`);
    return 1;
  }
  const responder = new Responder(() => store.current());
  const input = parseInput(line);
  if (input.type === 'lang') {
    process.stderr.write(
      `The one-shot CLI takes the language as --locale (e.g. --locale zh-TW).\n${USAGE}\n`,
    );
    return 2;
  }
  // `/open <section id>` is a click on that section's button (on a public message: answered privately);
  // `/open zh:<section id>` too, since the button's target is then `zh:<section id>` (see openSection).
  const reply =
    input.type === 'open'
      ? responder.component(openButtonId(input.id), [], locale, false)
      : responder.command(input.invocation.name, input.invocation.args, locale);
  process.stdout.write(`${json ? JSON.stringify(reply.response) : renderText(reply.answer)}\n`);
  return 0;
}

stopWhenOutputCloses();
process.exitCode = await main(process.argv.slice(2));

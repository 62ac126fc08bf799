import { Conversations, type TopicMemory } from '../answers/conversation.js';
import type { Answer } from '../answers/model.js';
import { renderText } from '../answers/text.js';
import { answerQuestion } from '../commands/ask.js';
import { cleanEcho } from '../discord/escape.js';
import { detectLang, langFromLocale } from '../i18n/locale.js';
import type { Lang } from '../knowledge/model.js';
import { knowledgeDir } from '../knowledge/paths.js';
import { KnowledgeStore, type Snapshot } from '../store/store.js';
import { isMain } from './is-main.js';
import { answerLines, argumentExit, loadOrExplain, stopWhenOutputCloses } from './lines.js';

const USAGE = `Usage: npm run --silent ask -- [--json] [--locale zh-CN|zh-TW|en-US] "<question>"
       npm run --silent ask -- [--json] [--locale …] --stdin [--conversation]

Answers a question as /ask, a mention or a DM would. With --json, one object per question:
  {"question","lang","kind":"section"|"part"|"compare"|"none","ids":[…],"parts":[…],"uncovered":[…]}
ids are the sections shown, main first; parts the parts shown by part and compare answers;
uncovered what the question asks about that the article does not cover, as written.
With --stdin every line is an independent question, unless --conversation makes the lines
one conversation (a follow-up continues the answer before it).
Without --locale the language is the one the question is written in.`;

const LOCALES = ['zh-CN', 'zh-TW', 'en-US'];

export interface AskArgs {
  json: boolean;
  stdin: boolean;
  conversation: boolean;
  locale?: string;
  question: string;
}

export function parseAskArgs(argv: readonly string[]): AskArgs | string {
  const args: AskArgs = { json: false, stdin: false, conversation: false, question: '' };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') args.json = true;
    else if (a === '--stdin') args.stdin = true;
    else if (a === '--conversation') args.conversation = true;
    else if (a === '--locale') {
      const value = argv[++i];
      if (!value || !LOCALES.includes(value)) return `--locale takes one of ${LOCALES.join(', ')}`;
      args.locale = value;
    } else if (a === '--help' || a === '-h') return USAGE;
    else if (a.startsWith('--') && a.length > 2) return `Unknown option ${a}.\n\n${USAGE}`;
    else if (a === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    } else rest.push(a);
  }
  args.question = rest.join(' ');
  if (args.conversation && !args.stdin) return '--conversation needs --stdin';
  if (!args.stdin && !args.question.trim()) return `No question given.\n\n${USAGE}`;
  return args;
}

/** The CLI's JSON contract for one answer. */
export function askJson(question: string, answer: Answer): string {
  return JSON.stringify({
    question,
    lang: answer.lang,
    kind: answer.question?.kind ?? 'none',
    ids: answer.ids,
    parts: answer.question?.parts ?? [],
    uncovered: answer.question?.uncovered ?? [],
  });
}

export function ask(
  snapshot: Snapshot,
  question: string,
  locale: string | undefined,
  memory?: TopicMemory,
): Answer {
  const lang: Lang = locale ? langFromLocale(locale) : detectLang(question);
  const { knowledge, engine, questions } = snapshot;
  return answerQuestion(question, { knowledge, engine, questions, lang, quote: cleanEcho, memory });
}

async function main(): Promise<number> {
  const args = parseAskArgs(process.argv.slice(2));
  if (typeof args === 'string') return argumentExit(args, USAGE) as number;
  const store = await loadOrExplain(() => KnowledgeStore.open(knowledgeDir()));
  if (typeof store === 'number') return store;
  const memory = args.conversation ? new Conversations().of('cli', 'stdin') : undefined;
  const answer = (q: string) => {
    const a = ask(store.current(), q, args.locale, memory);
    return args.json ? askJson(q, a) : renderText(a);
  };
  return answerLines(answer, { stdin: args.stdin, single: args.question, keepBlank: args.json });
}

if (isMain(import.meta.url)) {
  stopWhenOutputCloses();
  process.exitCode = await main();
}

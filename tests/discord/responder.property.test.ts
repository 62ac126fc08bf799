import type { APIEmbed } from 'discord.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { choiceList } from '../../src/commands/resolve.js';
import { OPEN_PREFIX } from '../../src/commands/search.js';
import { type CommandArgs, choicesFor } from '../../src/commands/spec.js';
import { MENU_OPEN } from '../../src/discord/custom-ids.js';
import { cleanEcho } from '../../src/discord/escape.js';
import { LIMITS } from '../../src/discord/limits.js';
import { type InteractionPlan, Responder, type WireMessage } from '../../src/discord/responder.js';
import { detectLang, langFromLocale } from '../../src/i18n/locale.js';
import { type StringKey, t } from '../../src/i18n/strings.js';
import type { Knowledge, Lang } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore } from '../../src/store/store.js';
import { assertWithinDiscordLimits } from '../e2e/limits.js';
import {
  codePoint,
  EMOJI,
  fromPool,
  MARKDOWN,
  MENTIONS,
  OPERATORS,
  RTL,
  SPACES,
  WORDS,
  ZERO_WIDTH,
} from '../support/hostile-text.js';

/**
 * Property tests of the whole Responder: every command, option and locale, buttons and menus,
 * autocomplete and mentions/DMs, fed hostile text. The generators mix fragments from pools of
 * special cases (mentions, Markdown, fuse and regex operators, zero-width and right-to-left marks,
 * surrogate pairs, combining marks, the longest strings Discord lets through) so that those cases
 * come up in most runs rather than once in a blue moon.
 */

/** Runs per property; `FC_RUNS=50000 npx vitest run responder.property` digs deeper. */
const RUNS = Number(process.env.FC_RUNS) || 2000;

// ---------------------------------------------------------------------------------------------
// Generators

/** One piece of hostile text. */
const fragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fromPool(MENTIONS) },
  { weight: 4, arbitrary: fromPool(MARKDOWN) },
  { weight: 3, arbitrary: fromPool(OPERATORS) },
  { weight: 3, arbitrary: fromPool(WORDS) },
  { weight: 2, arbitrary: fromPool(ZERO_WIDTH) },
  { weight: 1, arbitrary: fromPool(RTL) },
  { weight: 2, arbitrary: fromPool(SPACES) },
  { weight: 1, arbitrary: fromPool(EMOJI) },
  { weight: 2, arbitrary: codePoint(0x4e00, 0x9fff) }, // CJK
  { weight: 1, arbitrary: codePoint(0x1f300, 0x1faff) }, // emoji: surrogate pairs
  { weight: 1, arbitrary: codePoint(0x0300, 0x036f) }, // combining marks
  { weight: 1, arbitrary: codePoint(0x0590, 0x06ff) }, // Hebrew, Arabic
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

/** Cuts to at most `max` UTF-16 units, never leaving half a surrogate pair (Discord sends valid UTF-8). */
function cut(text: string, max: number): string {
  let end = Math.min(text.length, max);
  const last = text.charCodeAt(end - 1);
  if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/** A string of exactly-or-nearly `length` units, from repeated hostile fragments. */
const longText = (min: number, max: number) =>
  fc
    .tuple(fc.array(fragment, { minLength: 1, maxLength: 12 }), fc.integer({ min, max }))
    .map(([parts, length]) => {
      const unit = parts.join('') || 'x';
      return cut(unit.repeat(Math.ceil(length / unit.length)), length);
    });

/** Text as a user could type it into an option, a mention or a DM, and as a forger could send it. */
const userText: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.array(fragment, { maxLength: 24 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.array(fragment, { maxLength: 4 }).map((a) => a.join(' ')) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t\n ', '\u3000\u00a0', ...ZERO_WIDTH) },
  {
    weight: 1,
    arbitrary: fc.array(fromPool(ZERO_WIDTH), { minLength: 1, maxLength: 40 }).map((a) => a.join('')),
  },
  {
    weight: 1,
    arbitrary: fc.array(fromPool(SPACES), { minLength: 1, maxLength: 40 }).map((a) => a.join('')),
  },
  // At and around the 300-character cap on our options, and Discord's own 6,000.
  { weight: 2, arbitrary: longText(280, 320) },
  { weight: 1, arbitrary: longText(5990, 6000) },
  { weight: 1, arbitrary: longText(1, 6000) },
);

const LOCALES = ['zh-CN', 'zh-TW', 'en-US', 'en-GB', 'zh-HK', 'ja', 'fr', '', null, undefined] as const;
const locale: fc.Arbitrary<string | null | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...LOCALES) },
  { weight: 1, arbitrary: userText },
);

// ---------------------------------------------------------------------------------------------
// Checks

let knowledge: Knowledge;
let responder: Responder;

beforeAll(async () => {
  const store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
  knowledge = store.current().knowledge;
  responder = new Responder(() => store.current());
});

function embedTexts(e: APIEmbed): string[] {
  return [
    e.title ?? '',
    e.description ?? '',
    e.footer?.text ?? '',
    ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
  ];
}

/** Mention syntax, live: our own strings contain none, so any in a reply came from the user. */
const LIVE_MENTION = /@(everyone|here)|<(@|#|\/)/i;

function expectNoLiveMentions(embeds: readonly APIEmbed[]): void {
  for (const text of embeds.flatMap(embedTexts)) {
    expect(text, 'a mention is live in the reply').not.toMatch(LIVE_MENTION);
  }
}

/** Inline Markdown characters Discord acts on; escaped, each must follow a backslash. */
const MARKDOWN_CHARS = new Set(['*', '_', '~', '|', '`', '[']);

/**
 * What of `shown` Discord would still read as Markdown: any Markdown character that is not
 * backslash-escaped (escapeMarkdown's way), a line break (it would let `>`, `#` or `-` start a
 * line), a backslash left dangling at the end.
 */
function liveMarkdown(shown: string, clipped: boolean): string[] {
  const live: string[] = [];
  for (let i = 0; i < shown.length; i++) {
    const c = shown[i] as string;
    if (c === '\\') {
      if (i + 1 >= shown.length && !clipped) live.push(`dangling \\ at ${i}`);
      i++;
    } else if (MARKDOWN_CHARS.has(c)) live.push(`${c} at ${i}`);
    else if (c === '\n' || c === '\r') live.push(`line break at ${i}`);
  }
  return live;
}

/** What the reader sees of escaped text: escapes resolved, the zero-width spaces that break mentions gone. */
function asRead(shown: string): string {
  let out = '';
  for (let i = 0; i < shown.length; i++) {
    const c = shown[i] as string;
    if (c === '\\') {
      i++;
      out += shown[i] ?? ''; // a backslash left by a cut escapes the ellipsis after it
    } else out += c;
  }
  return out.replaceAll('\u200b', '');
}

const MARK = '\u0000';
/** Why `echo` is not `typed` (or, cut short, a prefix of it) shown escaped. */
function echoProblems(echo: string, typed: string, cutShort: boolean): string[] {
  const live = liveMarkdown(echo, cutShort);
  if (live.length > 0) return [`live Markdown in ${JSON.stringify(echo)}: ${live.join(', ')}`];
  if (cleanEcho(echo) !== echo)
    return [`NUL, a control character or a lone surrogate in ${JSON.stringify(echo)}`];
  const seen = asRead(echo);
  // What was typed, less what is never shown back (NUL, control characters, lone surrogates).
  const expected = cleanEcho(typed)
    .replace(/[\r\n]+/g, ' ')
    .replaceAll('\u200b', '');
  if (cutShort ? expected.startsWith(seen) : seen === expected) return [];
  return [`${JSON.stringify(echo)} reads ${JSON.stringify(seen)}, not ${JSON.stringify(expected)}`];
}

/**
 * The user's `typed` text appears in `shown`, which should be the `key` string with `vars`
 * and the user's text in `slot`, followed by `tail`: escaped (no live Markdown, no line
 * breaks) and with nothing lost, unless the whole was cut to fit a limit.
 */
function expectEscapedEcho(
  shown: string,
  lang: Lang,
  key: StringKey,
  slot: string,
  typed: string,
  vars: Record<string, string | number> = {},
  tail = '',
): void {
  const [before = '', template = ''] = t(lang, key, { ...vars, [slot]: MARK }).split(MARK);
  const after = template + tail;
  expect(shown.startsWith(before), `no echo of ${JSON.stringify(typed)} in ${JSON.stringify(shown)}`).toBe(
    true,
  );
  const rest = shown.slice(before.length);
  if (rest.endsWith(after)) {
    expect(echoProblems(rest.slice(0, rest.length - after.length), typed, false)).toEqual([]);
    return;
  }
  // Cut to fit, with an ellipsis: either within the echo, or after it, within the rest of the string.
  expect(rest.endsWith('…'), `no echo of ${JSON.stringify(typed)} in ${JSON.stringify(shown)}`).toBe(true);
  const kept = rest.slice(0, -1);
  let problems: string[] = [];
  for (let k = Math.min(after.length - 1, kept.length); k >= 0; k--) {
    if (!kept.endsWith(after.slice(0, k))) continue;
    problems = echoProblems(kept.slice(0, kept.length - k), typed, k === 0);
    if (problems.length === 0) return;
  }
  expect(problems).toEqual([]);
}

/** Half a surrogate pair: Discord cannot store it (a cut must not split an emoji). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whole emoji in, whole emoji out: no reply text holds half a surrogate pair unless the user sent one. */
function expectWellFormed(embeds: readonly APIEmbed[], ...typed: unknown[]): void {
  if (typed.some((x) => typeof x === 'string' && LONE_SURROGATE.test(x))) return;
  for (const text of embeds.flatMap(embedTexts)) {
    expect(LONE_SURROGATE.test(text), `half a surrogate pair in ${JSON.stringify(text)}`).toBe(false);
  }
}

/**
 * The checks every interaction reply passes; `privately`: the user asked for a private answer
 * (a refusal is private anyway).
 */
function expectGoodReply(reply: InteractionPlan, privately: boolean): void {
  // A reset of a public menu re-sends only its components; none of these replies is one.
  expect(reply.delivery).not.toBe('reset-then-private-follow-up');
  expect(reply.error, 'an exception was caught while answering').toBeUndefined();
  assertWithinDiscordLimits(reply.response);
  const data = dataOf(reply);
  expect(data.allowed_mentions.parse).toEqual([]);
  expect(data.embeds).toHaveLength(1);
  expectNoLiveMentions(data.embeds);
  if (reply.response.type === 4) {
    if (privately || reply.answer.status !== 'ok') expect(data.flags).toBe(64);
    else expect(data.flags).toBeUndefined();
  }
}

/** The message of a reply that carries one (every reply but a menu reset). */
function dataOf(reply: InteractionPlan): WireMessage {
  const { data } = reply.response;
  if (!data.embeds) throw new Error(`no message in a ${reply.delivery} plan`);
  return data as WireMessage;
}

/** The not-found reply to /search, /ask or a message, with its echo of `typed`. */
function expectNotFoundEcho(embed: APIEmbed, lang: Lang, typed: string): void {
  expect(embed.title).toBe(t(lang, 'notFoundTitle'));
  const tail = `\n\n${t(lang, 'tryInstead')}`;
  expectEscapedEcho(embed.description ?? '', lang, 'notFoundBody', 'query', typed.trim(), {}, tail);
}

/** Counts how often each case came up, so a generator that stops hitting one is noticed. */
function counter() {
  const counts = new Map<string, number>();
  return {
    hit(key: string) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    get: (key: string) => counts.get(key) ?? 0,
    counts,
  };
}

// ---------------------------------------------------------------------------------------------
// Properties

const commandNames = COMMANDS.map((c) => c.name);

/** /help and /about have no `private` option: they always answer privately. */
const alwaysPrivate = (name: string) => COMMANDS.find((c) => c.name === name)?.answers === false;

/** A command with its options: real choices, hostile text, forged types and unknown options. */
const invocation = fc.constantFrom(...commandNames, 'nope', '').chain((name) => {
  const spec = COMMANDS.find((c) => c.name === name);
  const options = spec?.options ?? [];
  return fc.record({
    name: fc.oneof({ weight: 9, arbitrary: fc.constant(name) }, { weight: 1, arbitrary: userText }),
    args: fc
      .tuple(
        fc.tuple(
          ...options.map((o) => {
            const valid =
              o.type === 'boolean'
                ? fc.boolean()
                : fc.oneof(
                    {
                      weight: 2,
                      arbitrary: fc.constantFrom(
                        ...(choicesFor(o, knowledge).length > 0 ? choicesFor(o, knowledge) : ['housing']),
                      ),
                    },
                    { weight: 3, arbitrary: userText },
                  );
            const forged = fc.oneof(fc.boolean(), userText, fc.constant(undefined));
            return fc.option(fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: forged }), {
              nil: undefined,
            });
          }),
        ),
        fc.option(
          fc.tuple(
            userText.filter((k) => k.length < 30),
            userText,
          ),
          { nil: undefined },
        ),
      )
      .map(([values, extra]) => {
        const args: Record<string, string | boolean | undefined> = {};
        options.forEach((o, i) => {
          const v = values[i] as string | boolean | undefined;
          if (v !== undefined) args[o.name] = v;
        });
        if (extra && !(extra[0] in args)) args[extra[0]] = extra[1];
        return args as CommandArgs;
      }),
  });
});

describe('Responder.command: every command, option and locale, with hostile input', () => {
  it('answers within Discord limits, never pings, and never throws', () => {
    const seen = counter();
    fc.assert(
      fc.property(invocation, locale, ({ name, args }, loc) => {
        const reply = responder.command(name, args, loc);
        expectGoodReply(reply, args.private === true || alwaysPrivate(name));
        expectWellFormed(dataOf(reply).embeds, name, ...Object.keys(args), ...Object.values(args));
        seen.hit(`${COMMANDS.some((c) => c.name === name) ? name : '?'}:${reply.answer.status}`);
        const lang = langFromLocale(loc);
        const embed = dataOf(reply).embeds[0] as APIEmbed;
        if (!COMMANDS.some((c) => c.name === name)) {
          // The unknown command's name is echoed, its first 50 characters (code points).
          const shown = Array.from(name).slice(0, 50).join('');
          expectEscapedEcho(embed.description ?? '', lang, 'unknownCommand', 'name', shown);
        }
        const spec = COMMANDS.find((c) => c.name === name);
        const option = spec?.options.find((o) => o.choicesOf);
        const area = option && args[option.name];
        if (option && reply.answer.status === 'error' && typeof area === 'string' && area.trim() !== '') {
          // The choices by their names in the reply's language, with the value to type.
          const choices = option.choicesOf ? choiceList(knowledge, option.choicesOf, lang) : '';
          expectEscapedEcho(embed.description ?? '', lang, 'unknownOption', 'value', area, { choices });
        }
      }),
      { numRuns: RUNS },
    );
    for (const name of commandNames)
      expect(seen.get(`${name}:ok`), `/${name} never answered`).toBeGreaterThan(0);
    for (const name of ['causes', 'effects', 'strategy', 'case', 'search', 'ask'])
      expect(seen.get(`${name}:error`), `/${name} never refused`).toBeGreaterThan(0);
  });

  it('/search and /ask echo the query escaped, never as live Markdown or mentions', () => {
    const seen = counter();
    fc.assert(
      fc.property(
        fc.constantFrom('search', 'ask'),
        userText,
        fc.constantFrom('zh-CN', 'zh-TW', 'en-US'),
        fc.boolean(),
        (name, text, loc, privately) => {
          const option = name === 'search' ? 'query' : 'question';
          const reply = responder.command(name, { [option]: text, private: privately }, loc);
          expectGoodReply(reply, privately);
          expectWellFormed(dataOf(reply).embeds, text);
          const lang = langFromLocale(loc);
          const embed = dataOf(reply).embeds[0] as APIEmbed;
          seen.hit(reply.answer.status);
          if (reply.answer.status === 'not-found') {
            seen.hit(`not-found:${/[*_~|`[\\]|@|</.test(text) ? 'special' : 'plain'}`);
            expectNotFoundEcho(embed, lang, text);
          } else if (reply.answer.status === 'ok' && name === 'search' && !text.startsWith(OPEN_PREFIX)) {
            // A search's title echoes the query too.
            expectEscapedEcho(embed.title ?? '', lang, 'searchTitle', 'query', text.trim());
          } else if (reply.answer.status === 'error') {
            expect(text.trim() === '' || text.length > 300).toBe(true);
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(seen.get('not-found:special')).toBeGreaterThan(RUNS / 10);
    expect(seen.get('ok')).toBeGreaterThan(RUNS / 50);
    expect(seen.get('error')).toBeGreaterThan(RUNS / 50);
  });

  it('covers every command × locale × choice exactly, with and without private', () => {
    for (const spec of COMMANDS) {
      const option = spec.options.find((o) => o.choicesOf);
      const values = [undefined, ...(option ? choicesFor(option, knowledge) : [])];
      for (const loc of ['zh-CN', 'zh-TW', 'en-US'])
        for (const value of values)
          for (const privately of [false, true]) {
            const args: Record<string, string | boolean> = { private: privately };
            if (option && value) args[option.name] = value;
            if (spec.name === 'search') args.query = 'housing';
            if (spec.name === 'ask') args.question = 'why do young people leave?';
            const reply = responder.command(spec.name, args, loc);
            expectGoodReply(reply, privately || alwaysPrivate(spec.name));
            expect(reply.answer.status, `/${spec.name} ${value ?? ''} ${loc}`).toBe('ok');
            expect(reply.answer.lang).toBe(langFromLocale(loc));
          }
    }
  });
});

describe('Responder.message: mentions and DMs with hostile text', () => {
  it('answers within Discord limits in the language of the text, escaping any echo', () => {
    const seen = counter();
    fc.assert(
      fc.property(userText, (text) => {
        const { answer, message, error } = responder.message(text, { userId: '1', channelId: '2' });
        expect(error, 'an exception was caught while answering').toBeUndefined();
        assertWithinDiscordLimits(message);
        expect(message.allowed_mentions).toEqual({ parse: [], replied_user: false });
        expect(message.flags).toBeUndefined();
        expectNoLiveMentions(message.embeds);
        expectWellFormed(message.embeds, text);
        const lang = detectLang(text);
        expect(answer.lang).toBe(lang);
        seen.hit(answer.status);
        if (answer.status === 'not-found') expectNotFoundEcho(message.embeds[0] as APIEmbed, lang, text);
      }),
      { numRuns: RUNS },
    );
    expect(seen.get('not-found')).toBeGreaterThan(RUNS / 10);
    expect(seen.get('ok')).toBeGreaterThan(RUNS / 50);
  });
});

describe('Responder.component: buttons and menus, stale and forged', () => {
  it('opens known sections and answers anything else with a polite private reply', () => {
    const ids = () => knowledge.sections.map((s) => s.id);
    const customId = fc.oneof(
      fc.constantFrom(MENU_OPEN, 'open:', 'menu:', 'menu:open ', 'OPEN:overview'),
      fc.constantFrom(...ids()).map((id) => `open:${id}`),
      userText.map((s) => `open:${s}`),
      userText,
    );
    const value = fc.oneof(fc.constantFrom(...ids()), userText);
    const seen = counter();
    fc.assert(
      fc.property(
        customId,
        fc.array(value, { maxLength: 3 }),
        locale,
        fc.boolean(),
        (id, values, loc, onPrivate) => {
          const reply = responder.component(id, values, loc, onPrivate);
          expectGoodReply(reply, true);
          const lang = langFromLocale(loc);
          const target = id === MENU_OPEN ? values[0] : id.startsWith('open:') ? id.slice(5) : undefined;
          const known = target !== undefined && knowledge.byId.has(target);
          if (known) {
            expect(reply.answer.status).toBe('ok');
            expect(reply.answer.ids[0]).toBe(target);
            if (onPrivate) {
              expect(reply.response.type).toBe(7); // UpdateMessage: turns the page in place
              expect(dataOf(reply).flags).toBeUndefined();
            } else {
              expect(reply.response.type).toBe(4);
              expect(dataOf(reply).flags).toBe(64);
            }
          } else {
            expect(reply.response.type).toBe(4);
            expect(dataOf(reply).flags).toBe(64);
            expect(reply.answer.status).toBe('error');
            expect(dataOf(reply).embeds[0]?.description).toBe(t(lang, 'unknownSection'));
          }
          seen.hit(known ? 'known' : 'unknown');
        },
      ),
      { numRuns: RUNS },
    );
    expect(seen.get('known')).toBeGreaterThan(RUNS / 10);
    expect(seen.get('unknown')).toBeGreaterThan(RUNS / 10);
  });
});

describe('Responder.autocomplete: whatever is typed', () => {
  it('suggests at most 25 choices, each a named section with name and value of 1–100 characters', () => {
    fc.assert(
      fc.property(userText, locale, (typed, loc) => {
        const choices = responder.autocomplete(typed, loc);
        assertWithinDiscordLimits({ type: 8, data: { choices } });
        expect(choices.length).toBeLessThanOrEqual(LIMITS.choices);
        if (typed.trim() === '') expect(choices.length).toBe(Math.min(knowledge.sections.length, 25));
        for (const c of choices) {
          expect(c.name.length).toBeGreaterThan(0);
          expect(c.name.trim()).not.toBe('');
          expect(c.name.length).toBeLessThanOrEqual(LIMITS.choiceName);
          expect(c.value.length).toBeGreaterThan(0);
          expect(c.value.length).toBeLessThanOrEqual(LIMITS.choiceValue);
          expect(knowledge.byId.has(c.value.slice(OPEN_PREFIX.length))).toBe(true);
        }
        expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);
      }),
      { numRuns: RUNS },
    );
  });
});

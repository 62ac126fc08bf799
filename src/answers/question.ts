import { t } from '../i18n/strings.js';
import type { Knowledge, Lang, Section } from '../knowledge/model.js';
import { sectionsOfKind } from '../knowledge/model.js';
import type { SectionKind } from '../knowledge/schema.js';
import type { Resolution } from '../search/question.js';
import type { Answer, AnswerField } from './model.js';
import { linksTo, notFoundAnswer, partAnswer, sectionAnswer, summary } from './views.js';

/** How an answer to a question is put together from what the question engine resolved. */

const FIGURE = /\d|多少|百分|几成|how (?:many|much)|percent|percentage|proportion|rate/i;

/** "The article does not mention 伊春 and 2020年." — the first thing a reader sees. */
function notCoveredNote(resolution: Resolution, lang: Lang, quote: (s: string) => string): string {
  // Names before figures: "伊春 … 2020年 … 30%".
  const ordered = [...resolution.uncovered].sort((x, y) => Number(FIGURE.test(x)) - Number(FIGURE.test(y)));
  const listOf = (words: string[]) => {
    const items = words.map((u) => (lang === 'zh-Hant' ? `「${quote(u)}」` : `“${quote(u)}”`));
    return lang === 'en'
      ? items.length > 1
        ? `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
        : (items[0] ?? '')
      : items.join('、');
  };
  // Names are what the article does not mention; figures asked for are what it does not give
  // ("人口流出了多少" is about its very subject: it has no figure for it).
  const names = ordered.filter((u) => !FIGURE.test(u));
  const figures = ordered.filter((u) => FIGURE.test(u));
  const parts = names.length > 0 ? [t(lang, 'notCovered', { items: listOf(names) })] : [];
  if (figures.length > 0) parts.push(t(lang, 'noFiguresFor', { items: listOf(figures) }));
  const nearby = resolution.kind === 'none' && resolution.others.length > 0;
  parts.push(
    t(lang, resolution.kind !== 'none' ? 'coveredInstead' : nearby ? 'coveredNearby' : 'coveredNothing'),
  );
  return parts.join(lang === 'en' ? ' ' : '');
}

function withNote(answer: Answer, resolution: Resolution, lang: Lang, quote: (s: string) => string): Answer {
  if (resolution.uncovered.length === 0) return answer;
  const note = notCoveredNote(resolution, lang, quote);
  // What the article does not cover is our statement about it: labelled as ours in every view.
  return {
    ...answer,
    fields: [{ name: t(lang, 'notCoveredTitle'), value: note, editorial: true }, ...answer.fields],
  };
}

/** Parts side by side: each part's sections in brief, in the order the question asked for them. */
export function compareAnswer(knowledge: Knowledge, kinds: readonly SectionKind[], lang: Lang): Answer {
  const labels = kinds.map((k) => knowledge.parts.get(k)?.label[lang] ?? k);
  const fields: AnswerField[] = [];
  const ids: string[] = [];
  for (const kind of kinds) {
    const sections = sectionsOfKind(knowledge, kind);
    const per = Math.max(60, Math.floor(900 / Math.max(sections.length, 1)));
    fields.push({
      name: knowledge.parts.get(kind)?.heading?.[lang] ?? knowledge.parts.get(kind)?.label[lang] ?? kind,
      value: sections
        .map(
          (s: Section) => `**${s.title[lang]}**${lang === 'en' ? ': ' : '：'}${summary(s.text[lang], per)}`,
        )
        .join('\n'),
    });
    ids.push(...sections.map((s) => s.id));
  }
  return {
    lang,
    status: 'ok',
    title: t(lang, 'compareTitle', { parts: labels.join(lang === 'en' ? ', ' : '、') }),
    body: t(lang, 'compareBody'),
    fields,
    footer: labels.join(' · '),
    links: linksTo(knowledge, ids, lang).slice(0, 25),
    ids,
  };
}

export function resolutionAnswer(
  knowledge: Knowledge,
  resolution: Resolution,
  lang: Lang,
  question: string,
  quote: (s: string) => string,
): Answer {
  const meta = { kind: resolution.kind, parts: [...resolution.parts], uncovered: [...resolution.uncovered] };
  let answer: Answer;
  const main = resolution.main ? knowledge.byId.get(resolution.main) : undefined;
  if (resolution.kind === 'section' && main) {
    // Other matches come first among the buttons: they answer the question; related sections only continue it.
    answer = withListed(
      sectionAnswer(knowledge, main, lang),
      knowledge,
      resolution.others,
      t(lang, 'otherMatches'),
      10,
    );
  } else if (resolution.kind === 'part' && resolution.parts[0]) {
    answer = partAnswer(knowledge, resolution.parts[0], lang);
  } else if (resolution.kind === 'compare') {
    answer = compareAnswer(knowledge, resolution.parts, lang);
  } else {
    // Sections that only share words with a question about something else: offered, never answered.
    answer = notFoundAnswer(
      knowledge,
      quote(question.trim()),
      resolution.others.map((id) => ({ id, score: 0 })),
      lang,
      t(lang, 'sharesWords'),
    );
    // Out of scope is an answer, not a failure: everyone in the channel may read it.
    if (resolution.uncovered.length > 0)
      answer = { ...answer, status: 'ok', title: t(lang, 'notCoveredTitle') };
    return { ...withNoteNone(answer, resolution, lang, quote), question: meta };
  }
  return {
    ...withAlsoAsked(
      withRankingNote(withNote(answer, resolution, lang, quote), resolution, lang),
      knowledge,
      resolution,
      lang,
    ),
    question: meta,
  };
}

/**
 * Sections listed under a heading of their own, with their buttons first (`cap` buttons at most):
 * other matches of a section answer, or what else the question asks.
 */
function withListed(
  answer: Answer,
  knowledge: Knowledge,
  ids: readonly string[],
  heading: string,
  cap: number,
): Answer {
  const links = linksTo(knowledge, ids, answer.lang).filter((l) => !answer.ids.includes(l.target));
  if (links.length === 0) return answer;
  return {
    ...answer,
    fields: [...answer.fields, { name: heading, value: links.map((l) => `• ${l.label}`).join('\n') }],
    links: [...links, ...answer.links.filter((l) => !links.some((x) => x.target === l.target))].slice(0, cap),
  };
}

/** What else the question asks that our notes answer ("which city?", "any data?"): listed with their buttons. */
function withAlsoAsked(answer: Answer, knowledge: Knowledge, resolution: Resolution, lang: Lang): Answer {
  return withListed(answer, knowledge, resolution.alsoAsked ?? [], t(lang, 'alsoAsked'), 25);
}

/** "Which matters most?": the article weighs nothing against anything; say so, as our note, before its parts. */
function withRankingNote(answer: Answer, resolution: Resolution, lang: Lang): Answer {
  if (!resolution.asksRanking) return answer;
  // Only a part or a comparison lists several things "in the article's order".
  const listed = resolution.kind === 'part' || resolution.kind === 'compare';
  const note = {
    name: t(lang, 'notRankedTitle'),
    value: t(lang, 'notRanked') + (listed ? t(lang, 'notRankedListed') : ''),
    editorial: true,
  };
  const at = answer.fields.findIndex((f) => !f.editorial);
  const fields = [...answer.fields];
  fields.splice(at < 0 ? fields.length : at, 0, note);
  return { ...answer, fields };
}

/** Nothing relevant: the note says what is missing, then how to find what the article does cover. */
function withNoteNone(
  answer: Answer,
  resolution: Resolution,
  lang: Lang,
  quote: (s: string) => string,
): Answer {
  if (resolution.uncovered.length === 0) return answer;
  return {
    ...answer,
    body: `${notCoveredNote(resolution, lang, quote)}\n\n${t(lang, 'tryInstead')}`,
    editorial: true,
  };
}

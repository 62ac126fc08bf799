import { t } from '../i18n/strings.js';
import type { Knowledge, Lang, Section } from '../knowledge/model.js';
import { sectionsOfKind } from '../knowledge/model.js';
import type { SectionKind } from '../knowledge/schema.js';
import type { SearchHit } from '../search/engine.js';
import type { Answer, AnswerField, Link } from './model.js';

/** How the reply for one section, a part, or a list of search results is put together. */

const SUMMARY_CHARS = 160;

export function breadcrumb(knowledge: Knowledge, section: Section, lang: Lang): string {
  const label = knowledge.parts.get(section.kind)?.label[lang];
  return label ? `${label} › ${section.title[lang]}` : section.title[lang];
}

function bullet(lines: string[]): string {
  return lines.map((l) => `• ${l}`).join('\n');
}

export function summary(text: string, max = SUMMARY_CHARS): string {
  const first = text.split('\n')[0] ?? '';
  return first.length <= max ? first : `${first.slice(0, max - 1)}…`;
}

/** The case entry that reports what the case city did for a strategy: same area, kind `case`. */
export function caseFor(knowledge: Knowledge, section: Section): Section | undefined {
  const area = section.id.split('.').slice(1).join('.');
  return knowledge.byId.get(`case.${area}`);
}

export function strategyFor(knowledge: Knowledge, section: Section): Section | undefined {
  const area = section.id.split('.').slice(1).join('.');
  return knowledge.byId.get(`strategy.${area}`);
}

export function linksTo(knowledge: Knowledge, ids: readonly string[], lang: Lang): Link[] {
  const links: Link[] = [];
  for (const id of ids) {
    const s = knowledge.byId.get(id);
    if (s && !links.some((l) => l.target === id)) links.push({ target: id, label: s.title[lang] });
  }
  return links;
}

export function sectionAnswer(knowledge: Knowledge, section: Section, lang: Lang): Answer {
  const fields: AnswerField[] = [];
  const plain = section.measures.filter((m) => !m.section);
  const linked = section.measures.filter((m) => m.section && knowledge.byId.has(m.section));
  if (plain.length > 0)
    fields.push({
      name: t(lang, section.kind === 'case' ? 'caseDid' : 'measures'),
      value: bullet(plain.map((m) => m.text[lang])),
    });
  if (linked.length > 0) {
    fields.push({
      name: t(lang, 'answeredBy'),
      value: bullet(
        linked.map((m) => `**${knowledge.byId.get(m.section as string)?.title[lang]}**: ${m.text[lang]}`),
      ),
    });
  }
  const ids = [section.id];
  if (section.kind === 'strategy') {
    const example = caseFor(knowledge, section);
    if (example) {
      ids.push(example.id);
      const did = example.measures.map((m) => m.text[lang]);
      fields.push({
        name: t(lang, 'caseDid'),
        value: did.length > 0 ? bullet(did) : summary(example.text[lang], 600),
      });
    }
  }
  const linkIds = [...linked.map((m) => m.section as string), ...section.related];
  return {
    lang,
    status: 'ok',
    title: section.title[lang],
    body: section.text[lang],
    fields,
    footer: breadcrumb(knowledge, section, lang),
    links: linksTo(knowledge, linkIds, lang).slice(0, 10),
    ids,
  };
}

/** A whole part in brief: its heading, its intro and each section's first lines. */
export function partAnswer(knowledge: Knowledge, kind: SectionKind, lang: Lang): Answer {
  const part = knowledge.parts.get(kind);
  const sections = sectionsOfKind(knowledge, kind);
  const label = part?.label[lang] ?? kind;
  return {
    lang,
    status: 'ok',
    title: part?.heading?.[lang] ?? t(lang, 'overviewOf', { label }),
    body: part?.intro?.[lang] ?? '',
    fields: sections.map((s) => ({ name: s.title[lang], value: summary(s.text[lang], 300) })),
    footer: label,
    links: linksTo(
      knowledge,
      sections.map((s) => s.id),
      lang,
    ),
    ids: sections.map((s) => s.id),
  };
}

export function searchAnswer(
  knowledge: Knowledge,
  hits: readonly SearchHit[],
  lang: Lang,
  displayQuery: string,
): Answer {
  const sections = hits.map((h) => knowledge.byId.get(h.id)).filter((s): s is Section => s !== undefined);
  return {
    lang,
    status: 'ok',
    title: t(lang, 'searchTitle', { query: displayQuery }),
    body: t(lang, 'searchFound', { count: sections.length }),
    fields: sections.map((s) => ({ name: breadcrumb(knowledge, s, lang), value: summary(s.text[lang]) })),
    links: linksTo(
      knowledge,
      sections.map((s) => s.id),
      lang,
    ),
    ids: sections.map((s) => s.id),
  };
}

export function notFoundAnswer(
  knowledge: Knowledge,
  displayQuery: string,
  suggestions: readonly SearchHit[],
  lang: Lang,
): Answer {
  const links = linksTo(
    knowledge,
    suggestions.map((s) => s.id),
    lang,
  );
  const fields: AnswerField[] = [];
  if (links.length > 0)
    fields.push({ name: t(lang, 'didYouMean'), value: bullet(links.map((l) => l.label)) });
  return {
    lang,
    status: 'not-found',
    title: t(lang, 'notFoundTitle'),
    body: `${t(lang, 'notFoundBody', { query: displayQuery })}\n\n${t(lang, 'tryInstead')}`,
    fields,
    links,
    ids: [],
  };
}

export function errorAnswer(lang: Lang, body: string, status: Answer['status'] = 'error'): Answer {
  return { lang, status, title: '⚠️', body, fields: [], links: [], ids: [] };
}

import { t } from '../i18n/strings.js';
import type { Knowledge, Lang, Measure, Section } from '../knowledge/model.js';
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

/**
 * Where a section sits in the article, compactly: §part.paragraph, e.g. §2.3 (part 二,
 * paragraph 3); §0.1 is the opening paragraph before part 一. Several places: §0.1, §1.1.
 */
export function citation(section: Section): string {
  return section.cite.map((c) => `§${c.part}.${c.paragraph}`).join(', ');
}

/** The footer of a section's reply: where it sits in the outline and, for the article's words, in the article. */
export function sectionFooter(knowledge: Knowledge, section: Section, lang: Lang): string {
  const crumb = breadcrumb(knowledge, section, lang);
  if (section.editorial || section.cite.length === 0) return crumb;
  return `${crumb} · ${t(lang, 'citeFooter', { cite: citation(section) })}`;
}

/** A field's heading as every view shows it: our reading carries the editorial label. */
export function fieldHeading(field: AnswerField, lang: Lang): string {
  return field.editorial ? t(lang, 'editorialHeading', { name: field.name }) : field.name;
}

/** The line every view shows above a body that is ours, not the article's. */
export function editorialNotice(lang: Lang): string {
  return t(lang, 'editorialBody');
}

/**
 * A section's name on a button or in a list. A case entry is named with its part (案例：基础设施建设),
 * so it cannot be mistaken for the strategy it illustrates (加强基础设施建设) beside it.
 */
export function linkLabel(knowledge: Knowledge, section: Section, lang: Lang): string {
  const part = knowledge.parts.get(section.kind)?.label[lang];
  if (section.kind !== 'case' || !part) return section.title[lang];
  return t(lang, 'partTitle', { part, title: section.title[lang] });
}

function bullet(lines: string[]): string {
  return lines.map((l) => `• ${l}`).join('\n');
}

/** The first paragraph, cut at a sentence or word end near `max` rather than mid-word. */
export function summary(text: string, max = SUMMARY_CHARS): string {
  const first = text.split('\n')[0] ?? '';
  if (first.length <= max) return first;
  const head = first.slice(0, max - 1);
  const sentence = Math.max(...['。', '；', '. ', '; '].map((p) => head.lastIndexOf(p)));
  if (sentence > max * 0.5) return `${head.slice(0, sentence + 1).trimEnd()}…`;
  const clause = Math.max(head.lastIndexOf('，'), head.lastIndexOf(', '));
  if (clause > max * 0.6) return `${head.slice(0, clause)}…`;
  const word = head.lastIndexOf(' ');
  return `${word > max * 0.6 ? head.slice(0, word) : head}…`;
}

/** "Label: text" with the colon of the language. */
function labelled(lang: Lang, label: string, value: string): string {
  return lang === 'en' ? `**${label}**: ${value}` : `**${label}**：${value}`;
}

/** Links in reading order along the chain effect → cause → strategy → case, starting after `from`. */
const CHAIN: readonly SectionKind[] = ['effect', 'cause', 'strategy', 'case'];
function chainOrder(knowledge: Knowledge, from: SectionKind, ids: readonly string[]): string[] {
  const rank = (id: string) => {
    const kind = knowledge.byId.get(id)?.kind;
    const at = kind ? CHAIN.indexOf(kind) : -1;
    const start = CHAIN.indexOf(from);
    if (at < 0 || start < 0) return CHAIN.length;
    return (at - start + CHAIN.length) % CHAIN.length || CHAIN.length;
  };
  return [...new Set(ids)]
    .map((id, i) => ({ id, i }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i)
    .map((x) => x.id);
}

/** The case entry that reports what the case city did for a strategy: same area, kind `case`. */
export function caseFor(knowledge: Knowledge, section: Section): Section | undefined {
  const area = section.id.split('.').slice(1).join('.');
  return knowledge.byId.get(`case.${area}`);
}

export function linksTo(knowledge: Knowledge, ids: readonly string[], lang: Lang): Link[] {
  const links: Link[] = [];
  for (const id of ids) {
    const s = knowledge.byId.get(id);
    if (s && !links.some((l) => l.target === id))
      links.push({ target: id, label: linkLabel(knowledge, s, lang) });
  }
  return links;
}

/** Compared without width, spacing or emphasis: 。 and ., ， and , are the same mark here. */
const plainText = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** The measures (not links) that say something the body does not: one that only re-quotes it is shown once, as the body. */
function beyondBody(section: Section): Measure[] {
  const body = plainText(section.text['zh-Hans']);
  return section.measures.filter((m) => !m.section && !body.includes(plainText(m.text['zh-Hans'])));
}

export interface SectionView {
  /** English with the article's Chinese beside it: what the `zh:<section id>` button shows. */
  original?: boolean;
}

export function sectionAnswer(
  knowledge: Knowledge,
  section: Section,
  lang: Lang,
  view: SectionView = {},
): Answer {
  const fields: AnswerField[] = [];
  const withOriginal = view.original === true && lang === 'en' && !section.editorial;
  if (withOriginal) fields.push({ name: t(lang, 'originalField'), value: section.text['zh-Hans'] });
  const plain = beyondBody(section);
  const linked = section.measures.filter((m) => m.section && knowledge.byId.has(m.section));
  if (plain.length > 0)
    fields.push({
      name: t(lang, section.kind === 'case' ? 'caseDid' : 'measures'),
      value: bullet(plain.map((m) => m.text[lang])),
    });
  if (linked.length > 0) {
    // The links and their reasons are our reading; the clause each rests on is the article's, quoted.
    fields.push({
      name: t(lang, 'strategiesFor'),
      editorial: true,
      value: bullet(
        linked.map((m) => {
          const target = knowledge.byId.get(m.section as string) as Section;
          const clause = m.restsOn
            ? withOriginal
              ? t(lang, 'restsOnOriginal', { clause: m.restsOn[lang], zh: m.restsOn['zh-Hans'] })
              : t(lang, 'restsOn', { clause: m.restsOn[lang] })
            : '';
          return `${labelled(lang, target.title[lang], m.text[lang])}${clause}`;
        }),
      ),
    });
  }
  if (section.note) fields.push({ name: t(lang, 'editorNote'), value: section.note[lang], editorial: true });
  const ids = [section.id];
  const caseIds: string[] = [];
  if (section.kind === 'strategy') {
    const example = caseFor(knowledge, section);
    if (example) {
      ids.push(example.id);
      caseIds.push(example.id);
      fields.push(caseField(example, lang));
    } else {
      // Say so rather than leave the reader wondering: the article's case study has no such measure.
      const covered = sectionsOfKind(knowledge, 'case');
      caseIds.push(...covered.map((c) => c.id));
      const areas = covered.map((c) => c.title[lang]).join(lang === 'en' ? ', ' : '、');
      fields.push({ name: t(lang, 'caseDid'), value: t(lang, 'caseNotCovered', { areas }) });
    }
  }
  const linkIds = chainOrder(knowledge, section.kind, [
    ...caseIds,
    ...linked.map((m) => m.section as string),
    ...section.related,
  ]);
  const answer: Answer = {
    lang,
    status: 'ok',
    title: section.title[lang],
    body: section.text[lang],
    fields,
    footer: sectionFooter(knowledge, section, lang),
    links: linksTo(knowledge, linkIds, lang).slice(0, 10),
    ids,
  };
  if (section.editorial) answer.editorial = true;
  // English is our translation: a researcher can ask for the sentence the article wrote.
  else if (lang === 'en' && !withOriginal) answer.original = section.id;
  return answer;
}

/**
 * What the case city did, in a strategy's reply: the case's measures, less those that say what
 * the strategy above already says (`repeats`), so nothing is said twice. The case in full is a button.
 */
function caseField(example: Section, lang: Lang): AnswerField {
  const own = example.measures.filter((m) => !m.section && !m.repeats);
  const left = example.measures.some((m) => m.repeats);
  const lines = own.length > 0 ? [bullet(own.map((m) => m.text[lang]))] : [];
  if (left) lines.push(t(lang, own.length > 0 ? 'caseRestSame' : 'caseAllSame'));
  // A case without measures of its own: its text, as the article words it.
  if (lines.length === 0) lines.push(summary(example.text[lang], 600));
  return { name: t(lang, 'caseDid'), value: lines.join('\n') };
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
    fields: sections.map((s) => ({
      name: s.title[lang],
      value: summary(s.text[lang], 300),
      ...(s.editorial ? { editorial: true } : {}),
    })),
    footer:
      part?.number !== undefined && part.intro
        ? `${label} · ${t(lang, 'citeFooter', { cite: `§${part.number}` })}`
        : label,
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
    body:
      sections.length === 1 ? t(lang, 'searchFoundOne') : t(lang, 'searchFound', { count: sections.length }),
    fields: sections.map((s) => ({
      name: breadcrumb(knowledge, s, lang),
      value: summary(s.text[lang]),
      ...(s.editorial ? { editorial: true } : {}),
    })),
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
  suggestionsTitle = t(lang, 'didYouMean'),
): Answer {
  const links = linksTo(
    knowledge,
    suggestions.map((s) => s.id),
    lang,
  );
  const fields: AnswerField[] = [];
  if (links.length > 0) fields.push({ name: suggestionsTitle, value: bullet(links.map((l) => l.label)) });
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

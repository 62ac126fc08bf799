import type { Knowledge, Lang, Section } from '../knowledge/model.js';
import { sectionsOfKind } from '../knowledge/model.js';
import type { SectionKind } from '../knowledge/schema.js';
import { toSimplified } from '../text/chinese.js';
import { closest } from '../text/similar.js';
import { COMMANDS } from './index.js';
import { areaOf } from './spec.js';

/**
 * What an option value of /causes, /effects, /strategy or /case names, forgivingly: the
 * choice itself (`economic`), the section in Chinese, Simplified or Traditional (`经济`,
 * `房價`), a section of another command (`housing` given to /strategy is an effect), a
 * strategy the case study has no measure for (`/case governance`), or nothing, with the
 * nearest choices as suggestions (`economy` → `economic`).
 */
export type Resolution =
  | { kind: 'found'; section: Section }
  | { kind: 'other-kind'; section: Section }
  | { kind: 'no-case'; strategy: Section }
  | { kind: 'unknown'; suggestions: Section[] };

/** The command and option that open a section of this kind, e.g. effect → /effects area. */
export function commandFor(kind: SectionKind): { command: string; option: string } | undefined {
  for (const spec of COMMANDS) {
    const option = spec.options.find((o) => o.choicesOf === kind);
    if (option) return { command: spec.name, option: option.name };
  }
  return undefined;
}

/** `/effects area:housing`: how to ask for this section directly, if a command can. */
export function usageFor(section: Section): string | undefined {
  const c = commandFor(section.kind);
  return c && `/${c.command} ${c.option}:${areaOf(section)}`;
}

/** The choices of a kind by their names in `lang`, with the value to type: 经济因素（economic）. */
export function choiceList(knowledge: Knowledge, kind: SectionKind, lang: Lang): string {
  const items = sectionsOfKind(knowledge, kind).map((s) =>
    lang === 'en' ? `${s.title.en} (${areaOf(s)})` : `${s.title[lang]}（${areaOf(s)}）`,
  );
  return items.join(lang === 'en' ? ', ' : '、');
}

/** Kinds another command answers, in the order a "wrong command" hint prefers them. */
function otherKinds(kind: SectionKind): SectionKind[] {
  const order: SectionKind[] = ['strategy', 'effect', 'cause', 'case'];
  return order.filter((k) => k !== kind && commandFor(k));
}

export function resolveArea(knowledge: Knowledge, kind: SectionKind, value: string): Resolution {
  const typed = value.normalize('NFKC').trim().toLowerCase();
  const own = knowledge.byId.get(`${kind}.${typed}`);
  if (own && own.kind === kind) return { kind: 'found', section: own };
  // A misspelt option name (`factr:economic`) reaches here whole: suggest what follows the colon.
  const colon = typed.lastIndexOf(':');
  if (colon > 0 && colon < typed.length - 1) {
    const inner = resolveArea(knowledge, kind, typed.slice(colon + 1));
    if (inner.kind === 'found') return { kind: 'unknown', suggestions: [inner.section] };
    return inner;
  }

  if (/\p{Script=Han}/u.test(typed)) {
    const mine = byChinese(sectionsOfKind(knowledge, kind), typed);
    if (mine.length === 1) return { kind: 'found', section: mine[0] as Section };
    if (mine.length > 1) return { kind: 'unknown', suggestions: mine };
    for (const other of otherKinds(kind)) {
      const theirs = byChinese(sectionsOfKind(knowledge, other), typed);
      if (theirs.length >= 1) return elsewhere(knowledge, kind, theirs[0] as Section);
    }
    return { kind: 'unknown', suggestions: [] };
  }

  for (const other of otherKinds(kind)) {
    const section = knowledge.byId.get(`${other}.${typed}`);
    if (section && section.kind === other) return elsewhere(knowledge, kind, section);
  }
  // Misspellings: this command's choices first, then another command's.
  for (const k of [kind, ...otherKinds(kind)]) {
    const sections = sectionsOfKind(knowledge, k);
    const names = closest(typed, sections.map(areaOf));
    if (names.length > 0)
      return { kind: 'unknown', suggestions: names.flatMap((n) => sections.filter((s) => areaOf(s) === n)) };
  }
  return { kind: 'unknown', suggestions: [] };
}

/** A value naming a section of another kind; for /case, a strategy the case study has no measure for. */
function elsewhere(knowledge: Knowledge, kind: SectionKind, section: Section): Resolution {
  if (kind === 'case' && section.kind === 'strategy' && !knowledge.byId.has(`case.${areaOf(section)}`))
    return { kind: 'no-case', strategy: section };
  return { kind: 'other-kind', section };
}

/**
 * Sections a Chinese value names, best tier only: its title or a keyword exactly, else a
 * title that contains it (or that it contains), else a keyword that does.
 */
function byChinese(sections: readonly Section[], typed: string): Section[] {
  const v = toSimplified(typed).replace(/\s+/g, '');
  if (v.length === 0) return [];
  const contains = (a: string, b: string) => b.length >= 2 && (a.includes(b) || b.includes(a));
  const tiers: ((s: Section) => boolean)[] = [
    (s) => s.title['zh-Hans'] === v || s.keywords.zh.includes(v),
    (s) => contains(s.title['zh-Hans'], v),
    (s) => s.keywords.zh.some((k) => k.length >= 2 && contains(k, v)),
  ];
  for (const tier of tiers) {
    const hits = sections.filter(tier);
    if (hits.length > 0) return hits;
  }
  return [];
}

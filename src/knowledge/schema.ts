import { z } from 'zod';

/**
 * The shape of the knowledge files under `knowledge/`. Operators edit these by hand,
 * so every field carries a description: it ends up in the generated JSON Schema and
 * shows in their editor as they type.
 */

/** The article's parts in reading order, then `about`: our own notes on the article itself. */
export const SECTION_KINDS = ['overview', 'effect', 'cause', 'strategy', 'case', 'outlook', 'about'] as const;
export const sectionKind = z.enum(SECTION_KINDS);
export type SectionKind = z.infer<typeof sectionKind>;

/** Ids are dotted, lower-case slugs such as `strategy.public-services`; they travel in Discord custom ids. */
export const sectionId = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$/, 'must be a lower-case slug such as "strategy.industry"')
  .max(40, 'must be at most 40 characters (it travels inside Discord custom ids)');

const nonBlank = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => s.trim().length > 0, 'must not be empty');

/** Simplified Chinese is the source language; Traditional is derived from it with OpenCC at load time. */
const localized = (max: number) =>
  z
    .object({
      zh: nonBlank(max).describe('Simplified Chinese'),
      en: nonBlank(max).describe('English'),
    })
    .strict();

export const measureSchema = z
  .object({
    zh: nonBlank(300).describe(
      'The measure in Simplified Chinese, or for a link, why that section answers this one',
    ),
    en: nonBlank(300).describe('The same in English'),
    section: sectionId
      .optional()
      .describe(
        "A link instead of a measure: for effects and causes, the strategy that answers it. A link is our reading, not the article's: replies label it as such",
      ),
    rests_on: localized(300)
      .optional()
      .describe(
        "Required for a link: the clause of the article the link rests on. zh: copied exactly from knowledge/source/article.zh-Hans.txt, out of the linked section's text or this one's; en: the same words in that section's English",
      ),
    repeats: z
      .boolean()
      .optional()
      .describe(
        "For a case measure: true when it says what the strategy it illustrates already says (in nearly the same words); the strategy's reply leaves it out",
      ),
  })
  .strict();

/** Where a section's text sits in the article: see `citeSchema` and knowledge/source/README.md. */
export const citeSchema = z
  .object({
    part: z
      .number()
      .int()
      .min(0)
      .max(99)
      .describe("The article's part (一 = 1 … 四 = 4); 0 for the opening paragraph before part 一"),
    paragraph: z
      .number()
      .int()
      .min(1)
      .max(999)
      .describe(
        'The paragraph within that part, counting from 1 after its heading (the heading itself not counted)',
      ),
  })
  .strict();

export const sectionSchema = z
  .object({
    $schema: z.string().optional().describe('Path to the JSON Schema, for editors'),
    id: sectionId.describe('Unique id; must equal the file name without .json'),
    kind: sectionKind.describe('Which part of the article the section belongs to'),
    order: z.number().int().min(0).max(100000).describe('Position in the outline; lower comes first'),
    editorial: z
      .boolean()
      .default(false)
      .describe(
        "True when the text is ours (a note about the article), not the article's own sentences; replies label it as an editor's note",
      ),
    title: localized(200).describe("Title: the article's own label in Chinese, our English"),
    text: localized(3500).describe(
      "The article's own sentences (Chinese) and a faithful English translation",
    ),
    cite: z
      .array(citeSchema)
      .max(10)
      .default([])
      .describe(
        'Where the text sits in the article, in reading order (one entry per paragraph it comes from); required unless editorial. Replies show it as §part.paragraph',
      ),
    note: localized(1000)
      .optional()
      .describe(
        'Our own note on this section (e.g. what the article does not say); replies label it as ours',
      ),
    measures: z
      .array(measureSchema)
      .max(20)
      .default([])
      .describe('Suggested measures, or links to the strategies that answer this section'),
    related: z.array(sectionId).max(10).default([]).describe('Ids of related sections, shown as buttons'),
    keywords: z
      .object({
        zh: z.array(nonBlank(50)).max(100).default([]),
        en: z.array(nonBlank(50)).max(100).default([]),
      })
      .strict()
      .describe('Words and phrasings a reader might type, Chinese (Simplified) and English'),
  })
  .strict();

export const partSchema = z
  .object({
    kind: sectionKind,
    label: localized(60).describe('Short label used in breadcrumbs, e.g. 原因 / Causes'),
    number: z
      .number()
      .int()
      .min(0)
      .max(99)
      .optional()
      .describe("The part's number in the article (一 = 1); the first number of its sections' citations"),
    heading: localized(200).optional().describe("The article's heading for this part"),
    intro: localized(2000).optional().describe("The article's introductory sentences for this part"),
  })
  .strict();

export const partsFileSchema = z
  .object({
    $schema: z.string().optional(),
    source: z
      .object({
        title: localized(200),
        description: localized(1000),
        author: nonBlank(200)
          .optional()
          .describe('The author, when known (the article as received names none)'),
        date: nonBlank(60).optional().describe('The date of publication, when known, e.g. 2024-05-01'),
        outlet: nonBlank(200).optional().describe('Where it was published, when known'),
        url: z.url().max(500).optional().describe('Where it can be read, when known'),
      })
      .strict()
      .describe('What the knowledge comes from, shown by /about'),
    parts: z.array(partSchema).min(1),
  })
  .strict();

const words = (what: string) => z.array(nonBlank(60)).max(2000).default([]).describe(what);

/** What each kind of question cue means; see `knowledge/lexicon.json`. */
export const CUE_KINDS = [
  'how',
  'cause',
  'effect',
  'strategy',
  'case',
  'outlook',
  'outcome',
  'city',
  'evidence',
  'article',
  'definition',
  'more',
  'compare',
  'besides',
  'followup',
  'quantity',
  'reference',
  'opening',
  'ranking',
] as const;
export type CueKind = (typeof CUE_KINDS)[number];
export type CueLists = Record<CueKind, string[]>;

export const lexiconSchema = z
  .object({
    $schema: z.string().optional().describe('Path to the JSON Schema, for editors'),
    synonyms: z
      .array(
        z
          .object({
            means: nonBlank(60).describe(
              "The article's own word (Simplified) or an English keyword the other words stand for",
            ),
            words: z
              .array(nonBlank(60))
              .min(1)
              .max(200)
              .describe('Regional, colloquial or English words a reader types for it (any script)'),
          })
          .strict(),
      )
      .max(2000)
      .default([])
      .describe('Words readers use that the article does not: each is read as the word it means'),
    cues: z
      .object(Object.fromEntries(CUE_KINDS.map((k) => [k, words(`Phrases that signal a "${k}" question`)])))
      .strict()
      .describe('Question words: what the reader asks for, rather than what about'),
    uncovered: words(
      'Topics readers ask about that the article never discusses: a question naming one is told so',
    ),
    known: words(
      'Everyday words that are never a topic of their own (report, government, city): not flagged as missing from the article',
    ),
  })
  .strict();

export type LexiconFile = z.infer<typeof lexiconSchema>;
export type SectionFile = z.infer<typeof sectionSchema>;
export type PartsFile = z.infer<typeof partsFileSchema>;
export type Measure = z.infer<typeof measureSchema>;
export type Part = z.infer<typeof partSchema>;

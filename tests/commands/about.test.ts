import { describe, expect, it } from 'vitest';
import { about } from '../../src/commands/about.js';
import type { CommandContext } from '../../src/commands/spec.js';
import { t } from '../../src/i18n/strings.js';
import { KnowledgeError } from '../../src/knowledge/loader.js';
import type { Knowledge, Lang } from '../../src/knowledge/model.js';
import { buildShippedWith } from '../support/shipped-files.js';

/** /about says what is known of the source, and what the citations in every footer mean. */

function knowledgeWithSource(extra: Record<string, string>): Knowledge {
  return buildShippedWith('parts.json', (parts) => Object.assign(parts.source as object, extra));
}

function aboutIn(knowledge: Knowledge, lang: Lang) {
  return about.run({}, { knowledge, lang, quote: (s: string) => s } as unknown as CommandContext);
}
const field = (answer: ReturnType<typeof aboutIn>, key: Parameters<typeof t>[1], lang: Lang) =>
  answer.fields.find((f) => f.name === t(lang, key));

const LANGS: Lang[] = ['zh-Hans', 'zh-Hant', 'en'];

describe('/about', () => {
  const shipped = knowledgeWithSource({});

  it.each(LANGS)(
    '%s: the title, the parts as citations number them, and what the numbering means',
    (lang) => {
      const answer = aboutIn(shipped, lang);
      expect(field(answer, 'aboutSource', lang)?.value).toBe(shipped.source.title[lang]);
      const structure = field(answer, 'aboutStructure', lang)?.value ?? '';
      for (const p of shipped.parts.values()) {
        if (p.number === undefined) continue;
        expect(structure).toContain(`§${p.number} `);
        if (p.heading && p.number > 0) expect(structure).toContain(`§${p.number} ${p.heading[lang]}`);
      }
      // The closing paragraph's place is read from the knowledge, not written into the wording.
      const outlook = shipped.sections.find((s) => s.kind === 'outlook');
      const numbering = field(answer, 'aboutNumbering', lang)?.value ?? '';
      expect(numbering).toContain('§2.3');
      expect(numbering).toContain(`§${outlook?.cite[0]?.part}.${outlook?.cite[0]?.paragraph}`);
    },
  );

  it.each(LANGS)('%s: the text gives no author, date, outlet or references: said so, as our note', (lang) => {
    const answer = aboutIn(shipped, lang);
    const source = field(answer, 'aboutCitation', lang);
    expect(source?.value).toBe(t(lang, 'aboutNoSource'));
    expect(source?.editorial).toBe(true);
  });

  it('an operator who learns the author, date or address fills them in parts.json; /about shows them', () => {
    const known = knowledgeWithSource({ author: '张三', date: '2024-05-01', url: 'https://example.org/a' });
    for (const lang of LANGS) {
      const value = field(aboutIn(known, lang), 'aboutCitation', lang)?.value ?? '';
      expect(value).toContain('张三');
      expect(value).toContain('2024-05-01');
      expect(value).toContain('https://example.org/a');
      // What is still unknown is said to be so; references there are none, whatever is filled.
      expect(value).toContain(
        `${t(lang, 'sourceOutlet')}${lang === 'en' ? ': ' : '：'}${t(lang, 'aboutNotGiven')}`,
      );
      expect(value).toContain(t(lang, 'aboutNoReferences'));
      expect(value).not.toContain(t(lang, 'aboutNoSource'));
    }
  });

  it('a web address that is not one is a problem naming the field', () => {
    expect(() => knowledgeWithSource({ url: 'not a url' })).toThrow(KnowledgeError);
    expect(() => knowledgeWithSource({ url: 'not a url' })).toThrow(/parts\.json: source\.url: /);
  });
});

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeError, loadKnowledge } from '../../src/knowledge/loader.js';
import type { Knowledge, Text } from '../../src/knowledge/model.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { editDistance } from '../../src/text/similar.js';
import { run } from '../support/run.js';

const KNOWLEDGE = DEFAULT_KNOWLEDGE_DIR;
// The article travels with the project (knowledge/source/README.md says how the clean copy was made).
const ARTICLE = fileURLToPath(new URL('../../knowledge/source/article.zh-Hans.txt', import.meta.url));
const ORIGINAL = fileURLToPath(new URL('../../knowledge/source/article.original.txt', import.meta.url));

const EXPECTED_IDS = [
  'overview',
  'effect.labor',
  'effect.consumption',
  'effect.housing',
  'cause.economic',
  'cause.policy',
  'cause.social',
  'strategy.industry',
  'strategy.public-services',
  'strategy.infrastructure',
  'strategy.urban-rural',
  'strategy.governance',
  'case.industry',
  'case.public-services',
  'case.infrastructure',
  'case.urban-rural',
  'outlook',
];

const nfkc = (s: string) => s.normalize('NFKC');
const paragraphsOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

// OpenCC directly, not through src/text: the test checks the derivation, not repeats it.
const t2cn = OpenCC.Converter({ from: 't', to: 'cn' });
const tw2cn = OpenCC.Converter({ from: 'tw', to: 'cn' });
const cn2tw = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** Every localized text in the base, with where it comes from. */
function allTexts(k: Knowledge): [string, Text][] {
  const out: [string, Text][] = [
    ['source.title', k.source.title],
    ['source.description', k.source.description],
  ];
  for (const s of k.sections) {
    out.push([`${s.id}.title`, s.title], [`${s.id}.text`, s.text]);
    s.measures.forEach((m, i) => {
      out.push([`${s.id}.measures.${i}`, m.text]);
    });
  }
  for (const p of k.parts.values()) {
    out.push([`parts.${p.kind}.label`, p.label]);
    if (p.heading) out.push([`parts.${p.kind}.heading`, p.heading]);
    if (p.intro) out.push([`parts.${p.kind}.intro`, p.intro]);
  }
  return out;
}

let shipped: Knowledge;
let article: string;

beforeAll(async () => {
  shipped = await loadKnowledge(KNOWLEDGE);
  article = await readFile(ARTICLE, 'utf8');
});

describe('the shipped knowledge base', () => {
  it('loads with every section of the article', () => {
    const ids = shipped.sections.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(EXPECTED_IDS));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of EXPECTED_IDS) expect(shipped.byId.get(id)?.id).toBe(id);
    expect(shipped.version).toMatch(/^[0-9a-f]{8}$/);
  });

  it('keeps sections in outline order, each under a part of its kind', () => {
    const orders = shipped.sections.map((s) => s.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    for (const s of shipped.sections) expect(shipped.parts.get(s.kind), s.id).toBeDefined();
    for (const s of shipped.sections) {
      for (const id of [...s.related, ...s.measures.flatMap((m) => (m.section ? [m.section] : []))]) {
        expect(shipped.byId.has(id), `${s.id} → ${id}`).toBe(true);
      }
    }
  });
});

describe('faithfulness to the article', () => {
  const TOC = /^\d+、\[.+\]\(#id\d+\)$/;
  const HEADING = /^[一二三四五六七八九十]+、(.+)$/;
  // "劳动力短缺:人口减少导致…": a short label, a colon, then the body.
  const LABELLED = /^([^,:。、]{2,12}):(.+)$/;

  it('reproduces every paragraph of the article in a section or a part', () => {
    const paragraphs = paragraphsOf(article);
    expect(paragraphs.filter((p) => TOC.test(p))).toHaveLength(4);
    const content = paragraphs.filter((p) => !TOC.test(p)).map(nfkc);
    expect(content.length).toBeGreaterThan(20);

    const sections = shipped.sections
      .filter((s) => !s.editorial)
      .map((s) => ({
        id: s.id,
        title: nfkc(s.title['zh-Hans']),
        text: nfkc(s.text['zh-Hans']),
      }));
    const parts = [...shipped.parts.values()];
    const headings = parts.flatMap((p) => (p.heading ? [nfkc(p.heading['zh-Hans'])] : []));
    const intros = parts.flatMap((p) => (p.intro ? [nfkc(p.intro['zh-Hans'])] : []));

    const missing: string[] = [];
    let headingCount = 0;
    let labelledCount = 0;
    for (const paragraph of content) {
      const heading = HEADING.exec(paragraph);
      if (heading) {
        headingCount++;
        if (!headings.includes(heading[1] as string)) missing.push(`heading: ${paragraph}`);
        continue;
      }
      const labelled = LABELLED.exec(paragraph);
      if (labelled) {
        labelledCount++;
        const [, label, body] = labelled as unknown as [string, string, string];
        // A paragraph may be split at a comma into consecutive sections (the case study's closing
        // sentence is the case's outcome): each piece then ends with 。 where the article has ，.
        const pieces = (text: string) => text.replace(/[。，,]$/, '');
        const owner = sections.find((s) => s.title === label && body.startsWith(pieces(s.text)));
        const rest = owner ? body.slice(pieces(owner.text).length).replace(/^[，,]/, '') : body;
        const restFound =
          rest === '' || sections.some((s) => s.id !== owner?.id && pieces(s.text) === pieces(rest));
        if (!(sections.some((s) => s.title === label && s.text.includes(body)) || (owner && restFound)))
          missing.push(paragraph);
        continue;
      }
      const found =
        sections.some((s) => s.text.includes(paragraph)) ||
        intros.some((i) => i.includes(paragraph)) ||
        headings.includes(paragraph);
      if (!found) missing.push(paragraph);
    }
    expect(missing, `paragraphs not reproduced:\n${missing.join('\n')}`).toEqual([]);
    expect(headingCount).toBe(4);
    // 3 effects + 3 causes + 5 strategies + 4 case measures.
    expect(labelledCount).toBe(15);
  });

  it('invents nothing: every sentence, title and measure is the article’s own', () => {
    const source = nfkc(article);
    const invented: string[] = [];
    // A sentence may end a section with 。 where the article goes on after a comma.
    const check = (where: string, text: string) => {
      const t = nfkc(text);
      if (!source.includes(t) && !source.includes(t.replace(/。$/, ','))) invented.push(`${where}: ${text}`);
    };
    // Editorial sections (notes about the article) are ours by declaration, and labelled as such.
    for (const s of shipped.sections.filter((x) => !x.editorial)) {
      const sentences = s.text['zh-Hans']
        .split(/(?<=[。！？!?])|\n+/)
        .map((x) => x.trim())
        .filter((x) => x.length > 0);
      expect(sentences.length, s.id).toBeGreaterThan(0);
      for (const sentence of sentences) check(`${s.id}.text`, sentence);
      check(`${s.id}.title`, s.title['zh-Hans']);
      // Measures that link elsewhere explain the link in our words; the others quote the article.
      s.measures.forEach((m, i) => {
        if (!m.section) check(`${s.id}.measures.${i}`, m.text['zh-Hans']);
      });
    }
    for (const p of shipped.parts.values()) {
      if (p.heading) check(`parts.${p.kind}.heading`, p.heading['zh-Hans']);
      if (p.intro) check(`parts.${p.kind}.intro`, p.intro['zh-Hans']);
    }
    expect(invented, `not in the article:\n${invented.join('\n')}`).toEqual([]);
  });

  it('the cleaned Simplified article corresponds to the Traditional original as received', async () => {
    // The original carries pinyin after many characters, e.g. 消費(fèi); the links (#id1) stay.
    const original = (await readFile(ORIGINAL, 'utf8')).replace(/\([\p{Script=Latin}\p{M}]+\)/gu, '');
    expect(original).not.toMatch(/\((?:[a-z]|\p{M})+\)/u);
    // t→cn cannot tell 着 (particle) from 著 (显著), so compare with the two folded together.
    const fold = (s: string) => s.replaceAll('著', '着');
    const converted = paragraphsOf(fold(t2cn(original)));
    const simplified = paragraphsOf(fold(article));
    expect(converted).toHaveLength(simplified.length);
    // One character of the original is garbled (房?jī)r下跌 for 房價下跌); allow for that, no more.
    let edits = 0;
    converted.forEach((p, i) => {
      edits += editDistance(p, simplified[i] as string, 20);
    });
    expect(edits).toBeLessThanOrEqual(8);
  });
});

describe('Traditional Chinese is derived from Simplified', () => {
  // 着 → 著 is right for Taiwan (面臨著), but t→cn leaves 著 alone since 著 is Simplified too (显著).
  // src/text/taiwan.ts writes 帳 for 账 (坏账 → 壞帳) and corner quotes for “”: t→cn gives 帐 and 「」 back.
  const ONE_WAY = new Map([
    ['着', '著'],
    ['账', '帐'],
    ['“', '「'],
    ['”', '」'],
  ]);

  it('differs from Simplified wherever there is something to convert', () => {
    const texts = allTexts(shipped);
    let convertible = 0;
    for (const [where, t] of texts) {
      if (cn2tw(t['zh-Hans']) === t['zh-Hans']) continue;
      convertible++;
      expect(t['zh-Hant'], where).not.toBe(t['zh-Hans']);
    }
    // Not vacuous: nearly every text has characters that differ.
    expect(convertible).toBeGreaterThan(texts.length * 0.8);
  });

  it('converts back to the Simplified text (t→cn and tw→cn, up to the one-way forms above)', () => {
    const mismatches: string[] = [];
    for (const [where, t] of allTexts(shipped)) {
      const hans = [...t['zh-Hans']];
      for (const [name, convert] of [
        ['t→cn', t2cn],
        ['tw→cn', tw2cn],
      ] as const) {
        const back = [...convert(t['zh-Hant'])];
        expect(back.length, where).toBe(hans.length);
        hans.forEach((ch, i) => {
          if (back[i] !== ch && ONE_WAY.get(ch) !== back[i])
            mismatches.push(`${name} ${where}[${i}]: ${ch} → ${back[i]}`);
        });
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('converts characters, not vocabulary: 智慧城市 stays 智慧, never 智能', () => {
    const governance = shipped.byId.get('strategy.governance');
    expect(governance?.text['zh-Hans']).toContain('智慧城市');
    expect(governance?.text['zh-Hant']).toContain('智慧城市');
    expect(governance?.text['zh-Hant']).not.toContain('智能');
    // …while characters are converted: 治理 → 治理, 城市建设 → 城市建設.
    expect(governance?.text['zh-Hant']).toContain('建設');
  });

  it('roughly matches the Traditional of the original article, character by character', async () => {
    const original = [
      ...nfkc((await readFile(ORIGINAL, 'utf8')).replace(/\([\p{Script=Latin}\p{M}]+\)/gu, '')),
    ];
    // Character by character, so that positions in the converted text are positions in the original.
    const fold = (s: string) => s.replaceAll('著', '着');
    const converted = original.map((ch) => fold(t2cn(ch)));
    expect(converted.every((ch) => [...ch].length === 1)).toBe(true);
    const convertedText = converted.join('');

    let sentences = 0;
    let located = 0;
    let compared = 0;
    let differing = 0;
    for (const section of shipped.sections.filter((s) => !s.editorial)) {
      const hans = fold(nfkc(section.text['zh-Hans']));
      const hant = [...nfkc(section.text['zh-Hant'])];
      for (const sentence of hans.split(/(?<=[。！？!?])|\n+/).filter((x) => x.trim())) {
        sentences++;
        // A section may end with 。 where the article goes on after a comma.
        const at =
          [sentence, sentence.replace(/。$/, ',')].map((x) => convertedText.indexOf(x)).find((i) => i >= 0) ??
          -1;
        if (at < 0) continue; // the one garbled character of the original (房?jī)r)
        located++;
        const from = [...convertedText.slice(0, at)].length;
        const offset = [...hans.slice(0, hans.indexOf(sentence))].length;
        for (let i = 0; i < [...sentence].length; i++) {
          compared++;
          if (original[from + i] !== hant[offset + i]) differing++;
        }
      }
    }
    expect(located).toBeGreaterThanOrEqual(sentences - 1);
    // What differs are variants: the original writes 凈 并 于 where Taiwan writes 淨 並 於.
    expect(differing / compared).toBeLessThan(0.03);
  });
});

// ---------------------------------------------------------------------------------------------
// Broken knowledge folders: a temp copy of the shipped one with exactly one change each.

const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function copyKnowledge(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outflow-kb-'));
  tempDirs.push(dir);
  await cp(KNOWLEDGE, dir, { recursive: true });
  return dir;
}

async function editJson(dir: string, file: string, edit: (json: Record<string, unknown>) => void) {
  const full = path.join(dir, file);
  const json = JSON.parse(await readFile(full, 'utf8'));
  edit(json);
  await writeFile(full, `${JSON.stringify(json, null, 2)}\n`);
}

async function editText(dir: string, file: string, edit: (text: string) => string) {
  const full = path.join(dir, file);
  const before = await readFile(full, 'utf8');
  const after = edit(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  await writeFile(full, after);
  return after;
}

async function loadError(dir: string): Promise<KnowledgeError> {
  let base: Knowledge | undefined;
  try {
    base = await loadKnowledge(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeError);
    const error = err as KnowledgeError;
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(/^\s+at /m);
    // Every line of the message is one problem, naming its file.
    for (const line of error.message.split('\n')) {
      expect(line).toMatch(/^(parts\.json|lexicon\.json|sections(\/[\w.-]+\.json)?): /);
    }
    return error;
  }
  // Never a partial base.
  throw new Error(`loaded ${base.sections.length} sections from a broken folder`);
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('loading a broken knowledge folder', () => {
  it('loads an unchanged copy (the fixture itself is sound)', async () => {
    const dir = await copyKnowledge();
    const copy = await loadKnowledge(dir);
    expect(copy.sections.map((s) => s.id)).toEqual(shipped.sections.map((s) => s.id));
    expect(copy.version).toBe(shipped.version);
  });

  it('JSON syntax error: names the file, line and column', async () => {
    const dir = await copyKnowledge();
    const file = 'sections/effect.labor.json';
    const text = await editText(dir, file, (t) => t.replace('"kind": "effect",', '"kind": "effect"'));
    const error = await loadError(dir);
    expect(error.problems).toHaveLength(1);
    const message = error.message;
    expect(message).toContain(file);
    expect(message).toContain('invalid JSON');
    const at = /line (\d+), column (\d+)/.exec(message);
    expect(at, message).not.toBeNull();
    // The parser stops at the property after the missing comma.
    expect(Number(at?.[1])).toBe(lineOf(text, '"order"'));
    const line = text.split('\n')[Number(at?.[1]) - 1] ?? '';
    expect(Number(at?.[2])).toBe(line.indexOf('"order"') + 1);
  });

  it('JSON syntax error without a position from V8 (a bare word): still one line with line and column', async () => {
    const dir = await copyKnowledge();
    const file = 'sections/cause.economic.json';
    const text = await editText(dir, file, (t) => t.replace(/"order": \d+/, '"order": fifty'));
    const error = await loadError(dir);
    expect(error.message).toContain(file);
    expect(error.message).not.toContain('\n');
    const at = /line (\d+), column (\d+)/.exec(error.message);
    expect(at, error.message).not.toBeNull();
    expect(Number(at?.[1])).toBe(lineOf(text, '"order"'));
  });

  it('an empty file: says where', async () => {
    const dir = await copyKnowledge();
    await writeFile(path.join(dir, 'sections/outlook.json'), '');
    const error = await loadError(dir);
    expect(error.message).toMatch(/^sections\/outlook\.json: invalid JSON: .* at line 1, column 1$/);
  });

  it('missing field: names the file and the dotted field', async () => {
    const dir = await copyKnowledge();
    await editJson(dir, 'sections/effect.consumption.json', (j) => {
      delete (j.title as Record<string, unknown>).en;
    });
    const error = await loadError(dir);
    expect(error.problems).toEqual([
      expect.objectContaining({ file: 'sections/effect.consumption.json', field: 'title.en' }),
    ]);
    expect(error.message).toContain('sections/effect.consumption.json: title.en: ');
  });

  it('unknown related id: names the file and related.N', async () => {
    const dir = await copyKnowledge();
    await editJson(dir, 'sections/cause.social.json', (j) => {
      (j.related as string[])[1] = 'strategy.teleportation';
    });
    const error = await loadError(dir);
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('sections/cause.social.json: related.1: ');
    expect(error.message).toContain('strategy.teleportation');
  });

  it('unknown section behind a measure: names measures.N.section', async () => {
    const dir = await copyKnowledge();
    await editJson(dir, 'sections/effect.housing.json', (j) => {
      const measures = j.measures as { section?: string }[];
      (measures[0] as { section?: string }).section = 'strategy.nowhere';
    });
    const error = await loadError(dir);
    expect(error.message).toContain('sections/effect.housing.json: measures.0.section: ');
    expect(error.message).toContain('strategy.nowhere');
  });

  it('duplicate id (a copied file): names both files and the id', async () => {
    const dir = await copyKnowledge();
    await cp(
      path.join(dir, 'sections/effect.housing.json'),
      path.join(dir, 'sections/effect.housing-old.json'),
    );
    const error = await loadError(dir);
    const duplicate = error.problems.find((p) => /duplicate/i.test(p.message));
    expect(duplicate, error.message).toBeDefined();
    const line = error.message.split('\n').find((l) => /duplicate/i.test(l)) ?? '';
    expect(line).toContain('sections/effect.housing-old.json');
    expect(line).toContain('sections/effect.housing.json');
    expect(line).toContain('effect.housing');
  });

  it('duplicate id (an edited id): names both files', async () => {
    const dir = await copyKnowledge();
    await editJson(dir, 'sections/case.industry.json', (j) => {
      j.id = 'strategy.industry';
    });
    const error = await loadError(dir);
    const files = new Set(error.problems.map((p) => p.file));
    expect(files).toEqual(new Set(['sections/case.industry.json', 'sections/strategy.industry.json']));
    expect(error.message).toMatch(/duplicate id "strategy\.industry"/);
    expect(error.message).toMatch(/case\.industry\.json: id: .*must match the file name/);
  });

  it('id not matching the file name: names the file, the id and the expected id', async () => {
    const dir = await copyKnowledge();
    await editJson(dir, 'sections/outlook.json', (j) => {
      j.id = 'outlook.future';
    });
    const error = await loadError(dir);
    expect(error.problems).toEqual([expect.objectContaining({ file: 'sections/outlook.json', field: 'id' })]);
    expect(error.message).toContain('outlook.future');
    expect(error.message).toContain('"outlook"');
  });

  it('wrong type: names the field', async () => {
    const dir = await copyKnowledge();
    await editJson(dir, 'sections/strategy.industry.json', (j) => {
      j.order = '80';
      (j.keywords as Record<string, unknown>).en = 'industry';
    });
    const error = await loadError(dir);
    const fields = error.problems.map((p) => `${p.file}: ${p.field}`).sort();
    expect(fields).toEqual([
      'sections/strategy.industry.json: keywords.en',
      'sections/strategy.industry.json: order',
    ]);
    // Present but of the wrong type: not "is required".
    expect(error.message).toMatch(/: order: .*expected number/);
    expect(error.message).toMatch(/: keywords\.en: .*expected array/);
    expect(error.message).not.toContain('required');
  });

  it('unknown field (a typo) and unknown kind are reported, not ignored', async () => {
    const dir = await copyKnowledge();
    await editJson(dir, 'sections/strategy.governance.json', (j) => {
      j.relatd = [];
      j.kind = 'strategies';
    });
    const error = await loadError(dir);
    expect(error.message).toContain('relatd');
    expect(error.problems.map((p) => p.field)).toContain('kind');
    for (const p of error.problems) expect(p.file).toBe('sections/strategy.governance.json');
  });

  it('missing parts.json and a part missing for a kind', async () => {
    const dir = await copyKnowledge();
    await rm(path.join(dir, 'parts.json'));
    expect((await loadError(dir)).message).toMatch(/^parts\.json: .*not found/m);

    const dir2 = await copyKnowledge();
    await editJson(dir2, 'parts.json', (j) => {
      j.parts = (j.parts as { kind: string }[]).filter((p) => p.kind !== 'outlook');
    });
    const error = await loadError(dir2);
    expect(error.problems).toEqual([
      expect.objectContaining({ file: 'sections/outlook.json', field: 'kind' }),
    ]);
    expect(error.message).toContain('parts.json');
  });

  it('a folder that does not exist', async () => {
    const error = await loadError(path.join(os.tmpdir(), 'outflow-kb-does-not-exist'));
    expect(error.message).toContain('parts.json');
    expect(error.message).toMatch(/^sections: /m);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the validate CLI', () => {
  it('exits 0 for the shipped base and 1 with one problem per line for a broken one', async () => {
    const dir = await copyKnowledge();
    await editJson(dir, 'sections/effect.labor.json', (j) => {
      delete (j.text as Record<string, unknown>).zh;
    });
    await editJson(dir, 'sections/cause.policy.json', (j) => {
      (j.related as string[]).push('cause.weather');
    });
    await editText(dir, 'sections/overview.json', (t) => t.replace('"order": 10', '"order": 10,,'));
    const expected = (await loadError(dir)).message.split('\n');
    expect(expected).toHaveLength(3);

    const [good, bad] = await Promise.all([
      run('npx', ['tsx', 'src/cli/validate.ts', KNOWLEDGE]),
      run('npx', ['tsx', 'src/cli/validate.ts', dir]),
    ]);

    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain(`${shipped.sections.length} sections valid`);

    expect(bad.code).toBe(1);
    expect(bad.stderr).not.toMatch(/^\s+at /m);
    const lines = bad.stderr.trimEnd().split('\n');
    expect(lines[0]).toContain('3 problem(s)');
    expect(lines.slice(1)).toEqual(expected);
    for (const file of [
      'sections/effect.labor.json',
      'sections/cause.policy.json',
      'sections/overview.json',
    ]) {
      expect(lines.filter((l) => l.startsWith(`${file}: `))).toHaveLength(1);
    }
  });
});

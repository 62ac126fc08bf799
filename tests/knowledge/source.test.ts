import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/loader.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';

/**
 * The article the project carries in knowledge/source/: the original as received and the clean
 * Simplified copy, which must be exactly what the README's four mechanical steps make of it.
 */

const SOURCE = path.join(DEFAULT_KNOWLEDGE_DIR, 'source');
const original = readFileSync(path.join(SOURCE, 'article.original.txt'), 'utf8');
const clean = readFileSync(path.join(SOURCE, 'article.zh-Hans.txt'), 'utf8');

/** Pinyin after a character: letters and tone marks only, so the links (#id1) are not pinyin. */
const PINYIN = /\((?:\p{Script=Latin}|\p{M})+\)/gu;

describe('knowledge/source', () => {
  it('keeps the original byte for byte as received', () => {
    const bytes = readFileSync(path.join(SOURCE, 'article.original.txt'));
    expect(bytes.length).toBe(6920);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      'e0fca0e9821375e8992f47dbafe1fc91c851e42d5f09a9a3f4c38b10ed6efae4',
    );
  });

  it('describes the original truthfully: 320 pinyin annotations, four links, one garbled place', () => {
    expect(original.match(PINYIN)).toHaveLength(320);
    expect(original.match(/\(#id\d\)/g)).toEqual(['(#id1)', '(#id2)', '(#id3)', '(#id4)']);
    expect(original.split('房?jī)r(jià)')).toHaveLength(2);
    expect(original).not.toContain('房價');
  });

  it('the clean copy is the original after the four mechanical steps, and nothing else', () => {
    const t2cn = OpenCC.Converter({ from: 't', to: 'cn' });
    const stripped = original.replace(PINYIN, ''); // 1. pinyin out
    const repaired = stripped.replace('房?jī)r', '房價'); // 2. the garbled place
    const simplified = t2cn(repaired); // 3. OpenCC t → cn
    const particles = simplified.replace(/(?<!显)著/g, '着'); // 4. 面临着, 孕育着, 意味着; 显著 stays
    expect(simplified.match(/(?<!显)著/g)).toHaveLength(4);
    expect(particles).toBe(clean);
  });

  it('the clean copy has no pinyin, no Traditional-only character and no garbling left', () => {
    expect(clean).not.toMatch(PINYIN);
    expect(clean).not.toContain('?');
    const t2cn = OpenCC.Converter({ from: 't', to: 'cn' });
    expect(t2cn(clean)).toBe(clean);
    expect(clean.split('\n')).toHaveLength(original.split('\n').length);
  });

  it('is not knowledge: the loader reads nothing from it, not even a JSON file put there', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'outflow-source-'));
    try {
      await cp(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
      const before = await loadKnowledge(dir);
      await writeFile(path.join(dir, 'source', 'stray.json'), '{ "id": "stray", not even JSON');
      await writeFile(path.join(dir, 'source', 'article.zh-Hans.txt'), 'changed');
      const after = await loadKnowledge(dir);
      expect(after.sections.map((s) => s.id)).toEqual(before.sections.map((s) => s.id));
      expect(after.version).toBe(before.version);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

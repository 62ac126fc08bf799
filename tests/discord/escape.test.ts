import { describe, expect, it } from 'vitest';
import { answerLine } from '../../src/cli/console.js';
import { cleanEcho, escapeUserText } from '../../src/discord/escape.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore } from '../../src/store/store.js';

/** Lone surrogates and control characters a user typed are never shown back (issue 10). */

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('cleanEcho', () => {
  it('removes NUL, other C0 controls, DEL and lone surrogates; keeps pairs, CJK, tabs and line breaks', () => {
    expect(cleanEcho('a\u0000b\u0007c\u001bd\u007fe')).toBe('abcde');
    expect(cleanEcho('x\ud800y\udc00z')).toBe('xyz');
    expect(cleanEcho('\udc00\ud800')).toBe(''); // reversed pair: both lone
    expect(cleanEcho('end\ud83d')).toBe('end');
    expect(cleanEcho('房价 😀 𠀀\tok\nline')).toBe('房价 😀 𠀀\tok\nline');
  });

  it('escapeUserText cleans before it escapes', () => {
    const out = escapeUserText('**\u0000bold\ud800** <@123>');
    expect(out).not.toContain('\u0000');
    expect(out).not.toMatch(LONE);
    expect(out).toBe('\\*\\*bold\\*\\* <\u200b@123>');
  });
});

describe('the console quotes what was typed, cleaned', () => {
  it('an unknown search query comes back without NUL or lone surrogates', async () => {
    const store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
    const typed = 'zzqx\u0000qqzz\ud800wvv';
    const out = answerLine(`/search ${typed}`, store, 'en', () => {});
    expect(out).toContain('zzqxqqzzwvv');
    expect(out).not.toContain('\u0000');
    expect(out).not.toMatch(LONE);
  });
});

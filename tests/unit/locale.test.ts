import { describe, expect, it } from 'vitest';
import { detectLang, langFromLocale } from '../../src/i18n/locale.js';

describe('languages', () => {
  it('maps Discord locales to reply languages', () => {
    expect(langFromLocale('zh-CN')).toBe('zh-Hans');
    expect(langFromLocale('zh-TW')).toBe('zh-Hant');
    for (const l of ['en-US', 'en-GB', 'fr', 'ja', '', undefined, null]) expect(langFromLocale(l)).toBe('en');
  });

  it('answers a message in the script it was written in', () => {
    expect(detectLang('为什么年轻人都去大城市了')).toBe('zh-Hans');
    expect(detectLang('為什麼年輕人都去大城市了')).toBe('zh-Hant');
    expect(detectLang('why do young people leave')).toBe('en');
    expect(detectLang('hukou 户口')).toBe('zh-Hans');
  });
});

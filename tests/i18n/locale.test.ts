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

  it('answers text that reads the same in both scripts in the server’s language: Traditional if zh-TW, else Simplified', () => {
    expect(detectLang('人才外流', 'zh-TW')).toBe('zh-Hant');
    expect(detectLang('人才外流', 'zh-CN')).toBe('zh-Hans');
    expect(detectLang('人才外流', 'en-US')).toBe('zh-Hans');
    expect(detectLang('人才外流', undefined)).toBe('zh-Hans'); // a DM: no server
    expect(detectLang('人才外流')).toBe('zh-Hans');
  });

  it('lets the characters decide over the server’s language when they can', () => {
    expect(detectLang('为什么年轻人都去大城市了', 'zh-TW')).toBe('zh-Hans');
    expect(detectLang('為什麼年輕人都去大城市了', 'zh-CN')).toBe('zh-Hant');
    expect(detectLang('why do young people leave', 'zh-TW')).toBe('en');
    // 台 is what OpenCC would write 臺, but Taiwan writes 台 every day: 灣 decides.
    expect(detectLang('台灣人才外流')).toBe('zh-Hant');
    // Mostly Traditional with one Simplified slip is still Traditional.
    expect(detectLang('為什麼年輕人都离開', 'zh-CN')).toBe('zh-Hant');
  });
});

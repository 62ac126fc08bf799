import type { Lang } from '../knowledge/model.js';
import { toSimplified, toTraditional } from '../text/chinese.js';

/** Discord locales to reply languages: zh-CN reads Simplified, zh-TW Traditional, everyone else English. */
export function langFromLocale(locale: string | null | undefined): Lang {
  if (!locale) return 'en';
  const l = locale.toLowerCase();
  if (l === 'zh-tw' || l === 'zh-hk' || l === 'zh-hant' || l.startsWith('zh-hant')) return 'zh-Hant';
  if (l.startsWith('zh')) return 'zh-Hans';
  return 'en';
}

export function parseLangOption(value: string): Lang | undefined {
  const v = value.trim().toLowerCase();
  if (['zh-cn', 'zh-hans', 'zh', 'cn', 'sc'].includes(v)) return 'zh-Hans';
  if (['zh-tw', 'zh-hant', 'zh-hk', 'tw', 'tc'].includes(v)) return 'zh-Hant';
  if (v.startsWith('en')) return 'en';
  return undefined;
}

/** Characters OpenCC converts (台 → 臺) that Taiwan writes every day all the same (台灣). */
const BOTH_SCRIPTS = new Set(['台']);

/**
 * Messages carry no locale, so a mention or DM is answered in the language it was
 * written in. An English sentence may quote a Chinese term ("what does 户籍 mean?"),
 * so English wins when its words outnumber the Chinese characters' words (about two
 * characters each). Characters only Traditional writes (為, 國) make it Traditional, characters
 * only Simplified writes (为, 国) Simplified, the more numerous if both. Text that reads the
 * same in both scripts (人才外流) follows `preferredLocale`, the server's language: Traditional
 * if that is zh-TW, Simplified otherwise (and in a DM, which has no server).
 */
export function detectLang(text: string, preferredLocale?: string | null): Lang {
  const han = text.match(/\p{Script=Han}/gu) ?? [];
  const latinWords = text.match(/[a-z]{2,}/gi)?.length ?? 0;
  if (han.length === 0 || latinWords > han.length / 2) return 'en';
  const chars = han.join('');
  const simplified = Array.from(toSimplified(chars));
  const traditional = Array.from(toTraditional(chars));
  let onlyTraditional = 0;
  let onlySimplified = 0;
  han.forEach((ch, i) => {
    if (simplified[i] !== ch) onlyTraditional++;
    if (traditional[i] !== ch && !BOTH_SCRIPTS.has(ch)) onlySimplified++;
  });
  if (onlyTraditional !== onlySimplified) return onlyTraditional > onlySimplified ? 'zh-Hant' : 'zh-Hans';
  return langFromLocale(preferredLocale) === 'zh-Hant' ? 'zh-Hant' : 'zh-Hans';
}

import type { Lang } from '../knowledge/model.js';
import { toSimplified } from '../text/chinese.js';

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

/**
 * Messages carry no locale, so a mention or DM is answered in the language it was
 * written in. An English sentence may quote a Chinese term ("what does 户籍 mean?"),
 * so English wins when its words outnumber the Chinese characters' words (about two
 * characters each). Chinese that changes under Traditional → Simplified is Traditional.
 */
export function detectLang(text: string): Lang {
  const han = text.match(/\p{Script=Han}/gu) ?? [];
  const latinWords = text.match(/[a-z]{2,}/gi)?.length ?? 0;
  if (han.length === 0 || latinWords > han.length / 2) return 'en';
  const chars = han.join('');
  return toSimplified(chars) !== chars ? 'zh-Hant' : 'zh-Hans';
}

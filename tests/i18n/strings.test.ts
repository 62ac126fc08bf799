import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { Responder } from '../../src/discord/responder.js';
import { localize, STRING_KEYS, text } from '../../src/i18n/strings.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore } from '../../src/store/store.js';
import { MAINLAND_UI_FORMS } from '../../src/text/taiwan.js';

/** Our own wording, as a zh-TW reader sees it: Taiwan words (指令, 私訊, 使用說明, 關鍵字, 用戶端, 設定, 品質, 水準). */

const mainland = (s: string) => MAINLAND_UI_FORMS.filter((w) => s.includes(w));

let responder: Responder;
beforeAll(async () => {
  const store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
  responder = new Responder(() => store.current());
});

describe('zh-TW interface wording', () => {
  it('the forms checked include every one the issue names', () => {
    for (const w of ['命令', '私信', '使用幫助', '關鍵詞', '客戶端', '配置', '質量', '水平'])
      expect(MAINLAND_UI_FORMS).toContain(w);
  });

  it('no interface string uses a mainland form', () => {
    const found = STRING_KEYS.flatMap((k) => mainland(text(k)['zh-Hant']).map((w) => `${k}: ${w}`));
    expect(found).toEqual([]);
    // Not vacuous: the Simplified strings do use the mainland words the table replaces.
    const simplified = STRING_KEYS.map((k) => text(k)['zh-Hans']).join('\n');
    for (const w of ['命令', '私信', '使用帮助', '客户端', '配置']) expect(simplified).toContain(w);
  });

  it('no command or option description uses one', () => {
    const found: string[] = [];
    for (const c of COMMANDS) {
      for (const d of [c.description, ...c.options.map((o) => o.description)])
        for (const w of mainland(localize(d)['zh-Hant'])) found.push(`/${c.name}: ${w}`);
    }
    expect(found).toEqual([]);
  });

  it('the replies made only of our wording use the Taiwan words', () => {
    const help = responder.command('help', {}, 'zh-TW').response.data.embeds[0];
    const all = [help?.title, help?.description].join('\n');
    expect(mainland(all)).toEqual([]);
    expect(help?.title).toBe('使用說明');
    for (const w of ['指令', '私訊']) expect(all).toContain(w);
    const unknown = responder.command('strategies', {}, 'zh-TW').response.data.embeds[0];
    expect(unknown?.description).toContain('指令');
    expect(mainland(JSON.stringify(unknown))).toEqual([]);
    const about = responder.command('about', {}, 'zh-TW').response.data.embeds[0];
    expect(JSON.stringify(about?.fields)).toContain('用戶端');
  });
});

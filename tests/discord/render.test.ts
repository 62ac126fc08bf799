import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answers/model.js';
import { escapeUserText } from '../../src/discord/escape.js';
import { clip, LIMITS } from '../../src/discord/limits.js';
import { fitEmbed, renderMessage } from '../../src/discord/render.js';

function answer(over: Partial<Answer>): Answer {
  return { lang: 'en', status: 'ok', title: 't', body: 'b', fields: [], links: [], ids: [], ...over };
}

function embedSize(e: ReturnType<typeof fitEmbed>): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

describe('fitting answers to Discord', () => {
  it('cuts every part to its limit and the whole embed to 6,000', () => {
    const e = fitEmbed(
      answer({
        title: 'T'.repeat(1000),
        body: 'B'.repeat(10_000),
        footer: 'F'.repeat(5000),
        fields: Array.from({ length: 40 }, (_, i) => ({
          name: `N${i}`.repeat(200),
          value: 'V'.repeat(3000),
        })),
      }),
    );
    expect(e.title?.length).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(e.description?.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(e.footer?.text.length).toBeLessThanOrEqual(LIMITS.footer);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
    expect(embedSize(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
  });

  it('never splits a surrogate pair when clipping', () => {
    const s = clip('😀'.repeat(10), 6);
    expect(s.length).toBeLessThanOrEqual(6);
    expect(s).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('puts buttons five to a row, at most five rows, with unique custom ids', () => {
    const links = Array.from({ length: 40 }, (_, i) => ({ target: `s.${i % 30}`, label: `L${i}` }));
    const m = renderMessage(answer({ links }));
    expect(m.components.length).toBeLessThanOrEqual(5);
    const ids = m.components.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of m.components) expect(row.components.length).toBeLessThanOrEqual(5);
  });

  it("renders only the look of a message: privacy and mentions are the reply plan's", () => {
    expect(Object.keys(renderMessage(answer({ status: 'not-found' }))).sort()).toEqual([
      'components',
      'embeds',
    ]);
  });

  it('escapes Markdown and breaks mention syntax in user text', () => {
    const shown = escapeUserText('**hi** @everyone <@&123456789012345678> <@123> <#456> @here');
    expect(shown).not.toContain('**hi**');
    expect(shown).not.toMatch(/@(everyone|here)/);
    expect(shown).not.toMatch(/<@|<#/);
  });
});

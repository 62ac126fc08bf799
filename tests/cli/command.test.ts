import { beforeAll, describe, expect, it } from 'vitest';
import { openButtonId } from '../../src/discord/custom-ids.js';
import { Responder } from '../../src/discord/responder.js';
import { t } from '../../src/i18n/strings.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/paths.js';
import { KnowledgeStore } from '../../src/store/store.js';
import { run } from '../support/run.js';

/** `npm run cli -- "/open <section id>"`: what a click on that section's button answers, without Discord. */
let store: KnowledgeStore;
let responder: Responder;
beforeAll(async () => {
  store = await KnowledgeStore.open(DEFAULT_KNOWLEDGE_DIR);
  responder = new Responder(() => store.current());
});

const cli = (...args: string[]) => run('npx', ['tsx', 'src/cli/command.ts', ...args]);

// Each run starts tsx and loads the knowledge: seconds on a busy machine.
describe('the one-shot CLI’s /open', { timeout: 60_000 }, () => {
  it('prints the payload a click on the button gets (--json)', async () => {
    const { code, stdout } = await cli('--json', '--locale', 'zh-TW', '/open strategy.governance');
    expect(code).toBe(0);
    const expected = responder.component(openButtonId('strategy.governance'), [], 'zh-TW', false).response;
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(JSON.stringify(expected)).toContain(
      store.current().knowledge.byId.get('strategy.governance')?.title['zh-Hant'],
    );
  });

  it('prints the answer as text, and a stale id gets the polite reply a stale button gets', async () => {
    const labor = store.current().knowledge.byId.get('effect.labor');
    const ok = await cli('/open effect.labor');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`== ${labor?.title.en} ==`);
    expect(ok.stdout).toContain(labor?.text.en);
    const stale = await cli('/open effect.gone');
    expect(stale.code).toBe(0);
    expect(stale.stdout).toContain(t('en', 'unknownSection'));
  });

  it('asks for --locale rather than /lang', async () => {
    const { code, stderr } = await cli('/lang zh-TW');
    expect(code).toBe(2);
    expect(stderr).toContain('--locale');
  });
});

import { kindCommand } from './kind-command.js';

export const effects = kindCommand(
  'effects',
  'effect',
  'area',
  {
    en: 'What net outflow does to a city: labor, consumption, housing',
    zh: '人口净流出的影响：劳动力、消费、房地产',
  },
  { en: 'One effect in full, with the strategies that answer it', zh: '查看某一影响的详情及应对策略' },
);

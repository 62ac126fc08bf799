import { kindCommand } from './kind-command.js';

export const causes = kindCommand(
  'causes',
  'cause',
  'factor',
  {
    en: 'Why cities lose people: economic, policy and social causes',
    zh: '人口净流出的原因：经济、政策和社会因素',
  },
  { en: 'One cause in full, with the strategies that answer it', zh: '查看某一原因的详情及应对策略' },
);

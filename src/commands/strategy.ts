import { kindCommand } from './kind-command.js';

export const strategy = kindCommand(
  'strategy',
  'strategy',
  'area',
  {
    en: 'Strategies for cities losing people, with suggested measures',
    zh: '应对人口净流出的策略与建议措施',
  },
  {
    en: 'One strategy with its measures and what the case city did',
    zh: '查看某一策略的措施及案例城市的做法',
  },
);

import { kindCommand } from './kind-command.js';

export const caseStudy = kindCommand(
  'case',
  'case',
  'measure',
  { en: 'The case study: how one city answered net outflow', zh: '案例分析：某市如何应对人口净流出' },
  { en: 'One of the measures the case city took', zh: '查看案例城市的某一项措施' },
);

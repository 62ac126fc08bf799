import { cpus, loadavg } from 'node:os';
import { runAskBench } from './ask.js';
import { runDiscordBench, runSoak } from './discord.js';
import { runFloodBench } from './flood.js';
import { runOpsBench } from './ops.js';
import { runSearchBench } from './search.js';

/**
 * Runs the benchmarks: `npm run bench` runs every section, `npm run bench -- <name> …`
 * only those named. Each section is a function that prints its own figures; this file
 * only prints the headings. To add a section, add it to SECTIONS.
 */

interface Section {
  title: string;
  run: () => Promise<void>;
}

const SECTIONS: Record<string, Section> = {
  search: { title: 'search engine, accuracy and latency', run: runSearchBench },
  ask: { title: '/ask: accuracy, latency per question, start-up, Discord round trip', run: runAskBench },
  discord: { title: 'round trip through discord.js and the fake Discord', run: runDiscordBench },
  soak: { title: '100,000 interactions, each from a new user, rate limit on', run: runSoak },
  flood: {
    title: "one user floods with crafted autocompletes: their cost, others' latency",
    run: runFloodBench,
  },
  ops: {
    title: 'start-up, memory, HTTP endpoint and shards, as child processes (needs npm run build)',
    run: runOpsBench,
  },
};

async function main(argv: readonly string[]): Promise<number> {
  const wanted = argv.filter((a) => a !== '--');
  const unknown = wanted.filter((name) => !Object.hasOwn(SECTIONS, name));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark: ${unknown.join(', ')}. Available: ${Object.keys(SECTIONS).join(', ')}.`,
    );
    return 2;
  }
  const names = wanted.length > 0 ? wanted : Object.keys(SECTIONS);
  const cpu = cpus();
  console.log(
    `Node ${process.version} on ${process.platform}/${process.arch}, ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}; ` +
      `load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
  );
  for (const name of names) {
    const section = SECTIONS[name] as Section;
    console.log(`\n== ${name}: ${section.title} ==\n`);
    const start = performance.now();
    await section.run();
    console.log(`\n(${name}: ${((performance.now() - start) / 1000).toFixed(1)} s)`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));

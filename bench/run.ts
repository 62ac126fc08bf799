import { cpus } from 'node:os';
import { runSearchBench } from './search.js';

/**
 * Runs the benchmarks: `npm run bench` for all of them, `npm run bench -- <name>` for one.
 * Each section is a function that prints its own figures under a heading printed here.
 */

const SECTIONS: Record<string, { title: string; run: () => Promise<void> }> = {
  search: { title: 'Search: accuracy and latency', run: runSearchBench },
};

async function main(argv: readonly string[]): Promise<number> {
  const wanted = argv.filter((a) => a !== '--');
  const unknown = wanted.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark: ${unknown.join(', ')}. Available: ${Object.keys(SECTIONS).join(', ')}.`,
    );
    return 2;
  }
  const names = wanted.length > 0 ? wanted : Object.keys(SECTIONS);
  console.log(
    `Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
  );
  for (const name of names) {
    const section = SECTIONS[name] as (typeof SECTIONS)[string];
    const heading = `== ${name}: ${section.title} ==`;
    console.log(`\n${heading}\n`);
    const start = performance.now();
    await section.run();
    console.log(`\n(${name} took ${((performance.now() - start) / 1000).toFixed(1)} s)`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));

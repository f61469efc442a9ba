// Compiles one app and the libs it can reach into dist/apps/<app>, with SWC (decorator metadata
// included) and the tsconfig path aliases rewritten to relative requires. Type checking is the
// separate `typecheck` target; this step only emits.
import { transformFile } from '@swc/core';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const app = process.argv[2];
if (!app) {
  console.error('usage: node tools/build/build-app.mjs <app>');
  process.exit(2);
}
const out = join(root, 'dist/apps', app);
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));
const { compilerOptions } = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8'));

// Data files (tariff tables) are required at run time next to the compiled code.
async function copyData(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await copyData(path);
    else if (entry.name.endsWith('.json')) {
      const target = join(out, relative(root, path));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, await readFile(path));
    }
  }
}

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.ts$/.test(entry.name) && !/\.(spec|int\.spec|e2e\.spec|harness|d)\.ts$/.test(entry.name))
      yield path;
  }
}

await rm(out, { recursive: true, force: true });
const started = Date.now();
let count = 0;
for (const dir of [join(root, 'apps', app, 'src'), join(root, 'libs')]) {
  for await (const file of sources(dir)) {
    const { code, map } = await transformFile(file, {
      ...swcrc,
      swcrc: false,
      filename: file,
      sourceMaps: true,
      jsc: { ...swcrc.jsc, baseUrl: root, paths: compilerOptions.paths },
    });
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    if (map) await writeFile(`${target}.map`, map);
    count++;
  }
}
for (const dir of [join(root, 'apps', app, 'src'), join(root, 'libs')]) await copyData(dir);
await writeFile(
  join(out, 'package.json'),
  JSON.stringify({ type: 'commonjs', main: `apps/${app}/src/main.js` }, null, 2),
);
console.log(`built ${app}: ${count} files in ${Date.now() - started} ms -> ${relative(root, out)}`);

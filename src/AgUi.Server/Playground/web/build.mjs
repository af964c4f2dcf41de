// Bundles the playground page: src/main.js (with @ag-ui/client) into playground.js, src/styles.css into
// playground.css, and copies index.html and favicon.svg, into the folder given as the only argument.
// third-party-notices.txt lists every npm package that ended up in the bundle, with its licence text.
// Usage: node build.mjs <output folder>
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: node build.mjs <output folder>');
  process.exit(2);
}

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

const result = await build({
  absWorkingDir: here,
  entryPoints: [
    { in: 'src/main.js', out: 'playground' },
    { in: 'src/styles.css', out: 'playground' },
  ],
  outdir,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

await writeFile(path.join(outdir, 'third-party-notices.txt'), await notices(Object.keys(result.metafile.inputs)));
await copyFile(path.join(here, 'src', 'favicon.svg'), path.join(outdir, 'favicon.svg'));
// Last, because MSBuild takes index.html as the sign that the bundle is complete.
await copyFile(path.join(here, 'src', 'index.html'), path.join(outdir, 'index.html'));

/** The licence of every package a bundled file came from, in name order. */
async function notices(inputs) {
  const roots = new Set();
  for (const input of inputs) {
    const match = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (match) roots.add(match[1]);
  }

  const sections = [];
  for (const root of roots) {
    const manifest = JSON.parse(await readFile(path.join(here, root, 'package.json'), 'utf8'));
    const licenceFile = (await readdir(path.join(here, root))).find((name) => /^(licen[cs]e|copying)/i.test(name));
    const text = licenceFile ? await readFile(path.join(here, root, licenceFile), 'utf8') : 'No licence file in the package.';
    sections.push({ name: manifest.name, body: `${manifest.name} ${manifest.version}\nLicence: ${manifest.license}\n\n${text.trim()}\n` });
  }

  sections.sort((a, b) => a.name.localeCompare(b.name));
  const header = 'The AgUiFunctions playground page bundles these npm packages:\n\n';
  return header + sections.map((s) => s.body).join(`\n${'-'.repeat(72)}\n\n`);
}

// Bundles the dashboard (src/main.js and the CSS it imports) with esbuild
// into $TUNE_DASHBOARD_OUT (CMake sets it to bin/dashboard beside tunerd),
// or dist/: index.html and assets/ with content-hashed names. Relative
// URLs, so the pages work under any path; nothing is fetched from outside.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.env.TUNE_DASHBOARD_OUT || path.join(here, 'dist'));

fs.rmSync(out, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  outdir: path.join(out, 'assets'),
  entryNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const outputs = Object.keys(result.metafile.outputs)
  .map((file) => path.relative(out, path.resolve(here, file)));
const js = outputs.find((file) => file.endsWith('.js'));
const css = outputs.find((file) => file.endsWith('.css'));
const html = fs.readFileSync(path.join(here, 'index.html'), 'utf8').replace(
  '<!-- assets -->',
  `<link rel="stylesheet" href="./${css}" />\n    <script type="module" src="./${js}"></script>`);
fs.writeFileSync(path.join(out, 'index.html'), html);
console.log(`dashboard built into ${out}: ${outputs.join(', ')}`);

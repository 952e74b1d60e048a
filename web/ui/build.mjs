// Builds the judge-web UI into dist/: one minified script, one stylesheet
// (the app's CSS with KaTeX's), the KaTeX fonts (woff2 only), index.html and
// the icon. Everything is self-hosted so the page works offline under the
// server's CSP (script-src 'self'; font-src 'self').
//
//   node build.mjs                  build into ./dist
//   node build.mjs --outdir DIR     build elsewhere
//   node build.mjs --dev            no minification, with source maps
//   node build.mjs --watch          --dev, and rebuild on every change
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    outdir: { type: 'string', default: path.join(here, 'dist') },
    dev: { type: 'boolean', default: false },
    watch: { type: 'boolean', default: false },
  },
});
const dev = opt.dev || opt.watch;
const outdir = path.resolve(opt.outdir);
const src = path.join(here, 'src');

// KaTeX's stylesheet lists woff2, woff and ttf for every face; every browser
// that runs CodeMirror 6 reads woff2, so ship only those (about a third of
// the bytes) and drop the other url()s before esbuild copies them.
const katexWoff2Only = {
  name: 'katex-woff2-only',
  setup(build) {
    build.onLoad({ filter: /katex[\\/]dist[\\/]katex\.css$/ }, async (args) => {
      const css = await fs.promises.readFile(args.path, 'utf8');
      const slim = css.replace(/,\s*url\([^)]*\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)/g, '');
      if (/\.(?:woff|ttf)\)/.test(slim)) throw new Error('katex.css: could not strip the woff/ttf fonts');
      return { contents: slim, loader: 'css', resolveDir: path.dirname(args.path) };
    });
  },
};

// index.html names the hashed bundles; rewritten after every build.
const writeIndex = {
  name: 'write-index',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length) return;
      const outs = Object.keys(result.metafile.outputs).map((f) => path.basename(f));
      const html = fs
        .readFileSync(path.join(src, 'index.html'), 'utf8')
        .replace('__APP_JS__', outs.find((f) => /^app-\w+\.js$/.test(f)))
        .replace('__APP_CSS__', outs.find((f) => /^app-\w+\.css$/.test(f)));
      fs.writeFileSync(path.join(outdir, 'index.html'), html);
      fs.copyFileSync(path.join(src, 'favicon.svg'), path.join(outdir, 'favicon.svg'));
      if (opt.watch) console.log(`rebuilt ${new Date().toLocaleTimeString()}`);
    });
  },
};

// A full build starts from an empty folder so old hashed files do not pile up.
if (!opt.watch && fs.existsSync(outdir)) {
  const old = fs.readdirSync(outdir);
  if (old.length && !old.includes('index.html')) throw new Error(`${outdir}: not empty and not an earlier build; refusing to clear it`);
  fs.rmSync(outdir, { recursive: true });
}
fs.mkdirSync(outdir, { recursive: true });
const config = {
  entryPoints: [
    { in: path.join(src, 'main.js'), out: 'app' },
    { in: path.join(src, 'app.css'), out: 'app' },
  ],
  outdir,
  entryNames: '[name]-[hash]',
  assetNames: 'fonts/[name]-[hash]',
  bundle: true,
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  minify: !dev,
  sourcemap: dev,
  // Licence texts of the bundled packages go to app-*.js.LEGAL.txt.
  legalComments: dev ? 'inline' : 'linked',
  metafile: true,
  logLevel: 'warning',
  loader: { '.woff2': 'file' },
  plugins: [katexWoff2Only, writeIndex],
};

if (opt.watch) {
  const ctx = await esbuild.context(config);
  await ctx.watch();
  console.log(`watching ${src} -> ${outdir}`);
} else {
  const result = await esbuild.build(config);
  const sizes = Object.entries(result.metafile.outputs)
    .filter(([f]) => /\.(js|css)$/.test(f))
    .map(([f, o]) => `${path.basename(f)} ${(o.bytes / 1024).toFixed(0)} KiB`);
  const shown = path.relative(process.cwd(), outdir);
  console.log(`ui: ${shown && !shown.startsWith('..') ? shown : outdir}: ${sizes.join(', ')}`);
}

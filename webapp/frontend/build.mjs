// Builds webapp/static/vendor/designer/designer.{js,css} (the process designer: one minified IIFE bundle, icon fonts
// inlined), webapp/static/vendor/viewer/viewer.{js,css} (the instance page's read-only diagram: bpmn-js's
// NavigatedViewer alone, without the modeler) and copies htmx into webapp/static/vendor/. Run by `make frontend`
// after `npm ci`.
import { copyFile, mkdir } from 'node:fs/promises';

import * as esbuild from 'esbuild';

const VENDOR = new URL('../static/vendor/', import.meta.url);
const BUNDLES = { designer: 'src/index.js', viewer: 'src/viewer.js' };

for (const [name, entry] of Object.entries(BUNDLES)) {
  await esbuild.build({
    entryPoints: { [name]: new URL(entry, import.meta.url).pathname },
    outdir: new URL(`${name}/`, VENDOR).pathname,
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: '@bpmn-io/properties-panel/preact',
    // Fonts as data URLs: the stylesheet works from any page, also one without the static files' origin.
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.eot': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
    legalComments: 'linked',
    logLevel: 'warning',
  });
}

await mkdir(VENDOR, { recursive: true });
await copyFile(new URL('node_modules/htmx.org/dist/htmx.min.js', import.meta.url), new URL('htmx.min.js', VENDOR));

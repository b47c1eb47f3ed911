// mermaid_check.mjs: Mermaid's own parser over every block we write, and a
// rendering of blocks in headless Chromium (tests/tools/mermaid_parse.sh and
// mermaid_render.sh run it). Modules come from NODE_DIR (.ci/deps installs
// mermaid and jsdom there with npm), never from the repository.
//
//   node mermaid_check.mjs parse NODE_DIR FILE...
//     FILE holds one diagram (the text of a ```mermaid block); prints
//     "ok TYPE FILE" or "FAIL FILE: message" for each; exit 1 on any failure
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [mode, nodeDir, ...files] = process.argv.slice(2);
const require = createRequire(nodeDir + '/package.json');

if (mode !== 'parse') {
	console.error('usage: node mermaid_check.mjs parse NODE_DIR FILE...');
	process.exit(2);
}
// mermaid.parse needs a DOM for some diagram types (DOMPurify)
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const mermaid = (await import(pathToFileURL(require.resolve('mermaid')).href)).default;
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
let failed = 0;
for (const f of files) {
	try {
		const r = await mermaid.parse(readFileSync(f, 'utf8'));
		console.log(`ok ${r.diagramType} ${f}`);
	} catch (e) {
		failed++;
		console.log(`FAIL ${f}: ${String(e.message || e).split('\n').slice(0, 4).join(' / ')}`);
	}
}
process.exit(failed ? 1 : 0);

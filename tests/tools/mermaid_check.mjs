// mermaid_check.mjs: Mermaid's own parser over every block we write, and a
// rendering of blocks in headless Chromium (tests/tools/mermaid_parse.sh and
// mermaid_render.sh run it). Modules come from NODE_DIR (.ci/deps installs
// mermaid and jsdom there with npm), never from the repository.
//
//   node mermaid_check.mjs parse NODE_DIR FILE...
//     FILE holds one diagram (the text of a ```mermaid block); prints
//     "ok TYPE FILE" or "FAIL FILE: message" for each; exit 1 on any failure
//   node mermaid_check.mjs page NODE_DIR MARKDOWN HTML
//     writes HTML: MARKDOWN (a PR comment) as GitHub would show it, marked's
//     HTML with each ```mermaid block drawn by Mermaid's browser bundle from
//     NODE_DIR; when done, the page's title says how many diagrams were
//     drawn and how many failed
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [mode, nodeDir, ...files] = process.argv.slice(2);
const require = createRequire(nodeDir + '/package.json');

if (mode === 'page') {
	const { marked } = require('marked');
	const [md, html] = files;
	const body = marked.parse(readFileSync(md, 'utf8'), { gfm: true })
		.replace(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
			'<pre class="mermaid">$1</pre>');
	const bundle = pathToFileURL(require.resolve('mermaid/dist/mermaid.min.js')).href;
	writeFileSync(html, `<!doctype html>
<html><head><meta charset="utf-8"><title>rendering</title>
<style>
body { font-family: "DejaVu Sans", sans-serif; font-size: 14px; color: #1f2328; background: #fff;
       max-width: 920px; margin: 16px auto; padding: 0 16px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d0d7de; padding: 4px 8px; }
code { background: #eff1f3; padding: 1px 4px; border-radius: 4px; }
pre.mermaid { text-align: center; }
</style>
<script src="${bundle}"></script></head>
<body>
${body}
<script>
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
const blocks = document.querySelectorAll('pre.mermaid');
mermaid.run({ querySelector: 'pre.mermaid', suppressErrors: true }).then(() => {
	const drawn = [...blocks].filter(b => b.querySelector('svg') && !b.textContent.includes('Syntax error')).length;
	document.title = 'rendered ' + drawn + ' of ' + blocks.length;
});
</script>
</body></html>
`);
	process.exit(0);
}
if (mode !== 'parse') {
	console.error('usage: node mermaid_check.mjs parse NODE_DIR FILE... | page NODE_DIR MARKDOWN HTML');
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

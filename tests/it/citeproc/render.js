// Renders CSL-JSON items, read from standard input, as a bibliography with
// citeproc-js: one entry per line, plain text. The packages are those .ci/run
// installs (pinned) into the folder CITEPROC_DIR names: citeproc-js itself,
// and @citation-js/plugin-csl for the official CSL style and en-US locale
// files it carries. The style is the first argument (`apa` by default).
// Anything citeproc-js warns about, every bibliography error and every
// malformed date go to standard error, and then the exit code is 1.
'use strict';

const fs = require('fs');
const path = require('path');

const dir = process.env.CITEPROC_DIR;
if (!dir) {
  process.stderr.write('CITEPROC_DIR names the packages (see .ci/run)\n');
  process.exit(2);
}
const modules = path.join(dir, 'node_modules');
const CSL = require(path.join(modules, 'citeproc'));
const csl = path.join(modules, '@citation-js', 'plugin-csl', 'lib');
const styles = JSON.parse(fs.readFileSync(path.join(csl, 'styles.json'), 'utf8'));
const locales = JSON.parse(fs.readFileSync(path.join(csl, 'locales.json'), 'utf8'));

let complaints = 0;
// citeproc-js writes its warnings to standard output by default.
CSL.debug = (message) => {
  complaints += 1;
  process.stderr.write(`citeproc-js warning: ${message}\n`);
};

const styleName = process.argv[2] || 'apa';
const style = styles[styleName];
if (!style) {
  process.stderr.write(`no style ${styleName}: ${Object.keys(styles).join(', ')}\n`);
  process.exit(2);
}
const items = JSON.parse(fs.readFileSync(0, 'utf8'));
// citeproc-js takes a malformed date without a word: `date-parts` is one
// date (or two, a range) of a year and, optionally, a month and a day.
const ranges = [[-9999, 9999], [1, 12], [1, 31]];
const valid = (date) =>
  Array.isArray(date) && date.length >= 1 && date.length <= 3 &&
  date.every((n, i) => Number.isInteger(n) && n >= ranges[i][0] && n <= ranges[i][1]);
for (const item of items) {
  for (const key of CSL.DATE_VARIABLES.filter((k) => k in item)) {
    const parts = item[key]['date-parts'];
    if (!Array.isArray(parts) || ![1, 2].includes(parts.length) || !parts.every(valid)) {
      complaints += 1;
      process.stderr.write(`${item.id}: ${key} is not date-parts: ${JSON.stringify(item[key])}\n`);
    }
  }
}
const byId = new Map(items.map((item) => [item.id, item]));
if (byId.size !== items.length) {
  process.stderr.write('item ids are not unique\n');
  process.exit(1);
}
const engine = new CSL.Engine(
  {
    retrieveLocale: (lang) => locales[lang],
    retrieveItem: (id) => byId.get(id),
  },
  style,
  'en-US',
  true,
);
engine.setOutputFormat('text');
engine.updateItems([...byId.keys()]);
const [meta, entries] = engine.makeBibliography();
for (const error of meta.bibliography_errors) {
  complaints += 1;
  process.stderr.write(`bibliography error: ${JSON.stringify(error)}\n`);
}
for (const entry of entries) {
  process.stdout.write(`${entry.trim()}\n`);
}
process.exitCode = complaints === 0 ? 0 : 1;

// Headless Chromium check of the photo-protection page (web/protection), against the native CLI.
// Usage: node protection.test.mjs --vigie PATH/TO/vigie --vectors DIR/pdq-vectors --out DIR
//
// For each way of opening the page — straight from the disk (file://) and served over HTTP on
// 127.0.0.1 with the Content-Security-Policy header `vigie serve` is to send — it:
//  * gives the page the 49 reference images of pdq-vectors and compares every hash, quality,
//    format, size and the 8 dihedral hashes with `vigie hash --format json --dihedral`, with the
//    EXIF orientation applied (the default) and then without (the page's option, the CLI's
//    --no-exif-orientation);
//  * asserts that the page made no request outside its own folder and hit no CSP violation;
//  * saves the CSV and JSONL exports and round-trips them through `vigie lists import` and
//    `vigie match`: every image of quality >= 50 matches its own entry at distance 0.
// Then it measures (prints, never asserts): load time, and the time to hash a 12-megapixel JPEG
// (made at test time from a reference image, in the browser's canvas) in the page and natively.
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
for (const k of ['vigie', 'vectors', 'out']) {
  if (!args[k]) {
    console.error('usage: node protection.test.mjs --vigie VIGIE --vectors PDQ_VECTORS_DIR --out OUT_DIR');
    process.exit(2);
  }
}
const vigie = resolve(args.vigie);
const out = resolve(args.out);
mkdirSync(out, { recursive: true });
const pageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/protection');
// Must be the header documented in docs/protection.md for `vigie serve`.
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src blob:; " +
  "style-src 'self'; img-src 'self'; connect-src 'none'; form-action 'none'; base-uri 'none'; " +
  "frame-ancestors 'none'";
const LIST = 'test-protection';

const reference = readFileSync(join(args.vectors, 'expected/cpp_reference.csv'), 'utf8')
  .trim().split('\n').slice(1).map((l) => l.split(',')[0]);
const images = reference.map((i) => join(args.vectors, 'images', i));
assert.equal(images.length, 49, 'the 49 reference images');

function run(cmd, argv, what) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${what}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

function nativeHashes(files, exif) {
  const argv = ['hash', '--format', 'json', '--dihedral', ...(exif ? [] : ['--no-exif-orientation']), ...files];
  return JSON.parse(run(vigie, argv, 'vigie hash'));
}

const native = { true: nativeHashes(images, true), false: nativeHashes(images, false) };
assert.equal(native.true.length, 49);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking',
         '--disable-component-update', '--disable-gpu'],
});

async function openPage(url, allowed) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  context.on('request', (r) => { if (own(r.url())) requests.push(r.url()); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Chromium asks the origin for /favicon.ico by itself (not the page): left out of the checks.
  const own = (u) => !u.endsWith('/favicon.ico');
  page.on('console', (m) => {
    if (m.type() === 'error' && own(m.location().url ?? '')) problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation',
      (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
  const loadMs = Date.now() - started;
  const engineMs = Number(await page.getAttribute('body', 'data-load-ms'));
  const check = async () => {
    const violations = await page.evaluate(() => window.__violations);
    assert.deepEqual(violations, [], 'CSP violations');
    assert.deepEqual(problems, [], 'errors in the page');
    const outside = requests.filter((u) => !allowed(u));
    assert.deepEqual(outside, [], 'requests outside the page\'s own folder');
  };
  return { context, page, requests, loadMs, engineMs, check };
}

// Polls from Node: page.waitForFunction would evaluate a string in the page, which the page's CSP
// (no 'unsafe-eval') rightly refuses.
async function waitDone(page, count, timeoutMs = 300000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rowsNow = await page.locator('#lignes tr').count();
    if (rowsNow === count && await page.getAttribute('body', 'data-pending') === '0') return;
    if (Date.now() > deadline) throw new Error(`timeout: ${rowsNow} rows, waiting for ${count} done`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

async function rows(page) {
  return page.$$eval('#lignes tr', (trs) => trs.map((tr) => ({ ...tr.dataset })));
}

function compare(got, want, label) {
  const diffs = [];
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    const name = reference[i] ?? basename(w.path);
    if (g.state !== 'ok') { diffs.push(`${name}: ${g.state}`); continue; }
    const fields = [['hash', g.hash, w.hash], ['quality', Number(g.quality), w.quality],
      ['format', g.format, w.format], ['width', Number(g.width), w.width],
      ['height', Number(g.height), w.height],
      ['exif_orientation_applied', g.oriented === 'true', w.exif_orientation_applied],
      ['dihedral', g.dihedral, JSON.stringify(w.dihedral)]];
    for (const [f, a, b] of fields) if (a !== b) diffs.push(`${name}: ${f} ${a} != ${b}`);
  }
  assert.deepEqual(diffs, [], `${label}: the page and vigie hash disagree`);
}

async function save(page, button, file) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const path = join(out, file);
  await download.saveAs(path);
  return path;
}

function roundTrip(exported, into, label, records) {
  const lines = readFileSync(exported, 'utf8').trim().split('\n');
  // Distinct hashes of quality >= 50, in input order: what the page must have written.
  const expected = [...new Set(records.filter((r) => r.quality >= 50).map((r) => r.hash))];
  const hashes = exported.endsWith('.csv')
    ? lines.slice(1).map((l) => l.split(',')[0])
    : lines.map((l) => JSON.parse(l).hash);
  assert.deepEqual(hashes, expected, `${label}: exported hashes`);
  rmSync(into, { force: true }); // left by an earlier run
  run(vigie, ['lists', 'import', exported, '--into', into], 'vigie lists import');
  const imported = run(vigie, ['lists', 'export', into, '--format', 'hex'], 'vigie lists export').trim().split('\n');
  assert.deepEqual(imported, expected, `${label}: imported list`);
  const verdicts = JSON.parse(run(vigie, ['match', '--list', into, '--no-flood', '--format', 'json', ...images], 'vigie match'));
  assert.equal(verdicts.length, 49);
  const wrong = [];
  verdicts.forEach((v, i) => {
    const q = records[i].quality;
    const best = Math.min(...(v.hits ?? []).filter((h) => h.list === LIST).map((h) => h.distance));
    const ok = q >= 50 ? v.outcome === 'match' && best === 0 : v.outcome === 'low_quality';
    if (!ok) wrong.push(`${reference[i]}: ${v.outcome}, best distance ${best}`);
  });
  assert.deepEqual(wrong, [], `${label}: vigie match on the exported list`);
  return expected.length;
}

async function suite(mode, url, allowed) {
  const { context, page, requests, loadMs, engineMs, check } = await openPage(url, allowed);
  assert.equal(await page.isChecked('#exif'), true, 'EXIF orientation on by default');
  await page.setInputFiles('#fichiers', images);
  await page.fill('#nom-liste', LIST);
  await waitDone(page, 49);
  const withExif = await rows(page);
  compare(withExif, native.true, `${mode}, EXIF applied`);
  const csv = await save(page, '#export-csv', `${mode}-export.csv`);
  const jsonl = await save(page, '#export-json', `${mode}-export.jsonl`);
  await page.uncheck('#exif');
  await waitDone(page, 49);
  const stored = await rows(page);
  compare(stored, native.false, `${mode}, EXIF ignored`);
  const turned = stored.filter((r, i) => r.hash !== withExif[i].hash).length;
  assert.ok(turned >= 3, `the orientation option changed only ${turned} hashes`);
  await page.check('#diedres');
  assert.equal(await page.locator('ul.diedres').count(), 49, 'dihedral hashes shown on request');
  const written = roundTrip(csv, join(out, `${mode}-lists.csv`), `${mode} CSV`, native.true);
  roundTrip(jsonl, join(out, `${mode}-lists.jsonl`), `${mode} JSONL`, native.true);
  await page.screenshot({ path: join(out, `protection-${mode}.png`), fullPage: true });
  await check();
  const text = await page.innerText('body');
  for (const needle of ['empreinte', 'Ce qui n\'est jamais envoyé', '3018', '119', 'Pharos', 'StopNCII']) {
    assert.ok(text.includes(needle), `missing: ${needle}`);
  }
  console.log(`ok ${mode}: 49/49 hashes identical to vigie hash (EXIF applied and ignored, ` +
    `${turned} differ between the two), ${written} distinct hashes exported and matched at ` +
    `distance 0 after vigie lists import (CSV and JSONL); ${requests.length} requests, all ` +
    `inside the page's folder; page ready in ${loadMs} ms (engine compiled in ${engineMs} ms)`);
  return { context, page, check };
}

// file://: the page's own files only.
const folder = pathToFileURL(pageDir).href + '/';
const fileRun = await suite('file', folder + 'index.html', (u) => u.startsWith(folder) || u.startsWith('blob:'));

// HTTP on 127.0.0.1, with the header `vigie serve` is to send.
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const rel = path === '/protection/' ? 'index.html' : path.replace(/^\/protection\//, '');
  const file = resolve(pageDir, rel);
  if (!path.startsWith('/protection/') || !file.startsWith(pageDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404); res.end(); return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
try {
  const httpRun = await suite('http', `${origin}/protection/`, (u) => u.startsWith(`${origin}/protection/`) || u.startsWith('blob:'));
  await httpRun.context.close();
} finally {
  server.close();
}

// A 12-megapixel JPEG made now from a reference photo: drawn at 4000×3000 in a canvas, with
// seeded noise so that it compresses like a photo rather than a smooth upscale.
const { page, check } = fileRun;
const big = join(out, 'photo-12mp.jpg');
const source = readFileSync(join(args.vectors, 'images/bridge-mods/aaa-orig.jpg')).toString('base64');
const maker = await fileRun.context.newPage();
const jpeg = await maker.evaluate(async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
  const canvas = new OffscreenCanvas(4000, 3000);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0, 4000, 3000);
  const img = ctx.getImageData(0, 0, 4000, 3000);
  let seed = 12345;
  for (let i = 0; i < img.data.length; i += 4) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const n = ((seed >>> 16) & 31) - 16;
    for (let c = 0; c < 3; c++) img.data[i + c] = Math.max(0, Math.min(255, img.data[i + c] + n));
  }
  ctx.putImageData(img, 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
  const buf = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return btoa(s);
}, source);
await maker.close();
writeFileSync(big, Buffer.from(jpeg, 'base64'));
await page.click('#effacer');
await page.check('#exif');
const pageTimes = [];
let pageHash = null;
for (let i = 0; i < 3; i++) {
  const t = Date.now();
  await page.setInputFiles('#fichiers', [big]);
  await waitDone(page, i + 1);
  const r = (await rows(page))[i];
  assert.equal(r.state, 'ok', '12 MP photo hashed');
  pageTimes.push({ wall: Date.now() - t, engine: Number(r.ms) });
  pageHash = r.hash;
}
const nativeTimes = [];
let nativeHash = null;
for (let i = 0; i < 3; i++) {
  const t = process.hrtime.bigint();
  nativeHash = nativeHashes([big], true)[0].hash;
  nativeTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
}
assert.equal(pageHash, nativeHash, '12 MP JPEG: same hash in the page and natively');
await check();
await browser.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (statSync(big).size / 1e6).toFixed(1);
console.log(`12 MP JPEG (4000x3000, ${mb} MB), median of 3: page ${median(pageTimes.map((t) => t.wall))} ms ` +
  `from file choice to result (decode + hash in the worker: ${Math.round(median(pageTimes.map((t) => t.engine)))} ms); ` +
  `native vigie hash ${Math.round(median(nativeTimes))} ms (process start + read + decode + hash); same hash`);

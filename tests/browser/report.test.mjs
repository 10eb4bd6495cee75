// Headless Chromium check of Vigie's offline HTML report.
// Usage: node report.test.mjs REPORT.html SCREENSHOT.png
// Asserts: no network request of any kind (every request other than the page itself fails the
// test), no script, the key French content present, and saves a full-page screenshot.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';

const [report, shot] = process.argv.slice(2);
if (!report || !shot) {
  console.error('usage: node report.test.mjs REPORT.html SCREENSHOT.png');
  process.exit(2);
}
const html = readFileSync(report, 'utf8');
assert.ok(!/<script/i.test(html), 'the report must contain no script');
assert.ok(!/(src|href)\s*=\s*["']?(https?:)?\/\//i.test(html), 'the report must load nothing from the network');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking',
         '--disable-component-update', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ javaScriptEnabled: false });
  const url = pathToFileURL(report).href;
  const requests = [];
  page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
  await page.goto(url, { waitUntil: 'load' });
  const text = await page.innerText('body');
  assert.deepEqual(requests, [], 'the page made network or file requests');
  for (const needle of [
    'Rapport Vigie', 'Niveau de risque', 'Qui porte le risque', 'Étapes atteintes',
    'Les messages qui comptent', 'Que faire maintenant', '3018', '119', 'Pharos',
    'Gardez les preuves', 'Ne confrontez pas', 'Ce que Vigie ne peut pas savoir',
    'Confidentialité', "aucune donnée n'a été envoyée",
  ]) {
    assert.ok(text.includes(needle), `missing: ${needle}`);
  }
  const marks = await page.locator('mark').count();
  assert.ok(marks > 0, 'no highlighted words');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`ok: ${marks} highlighted passages, 0 network requests, screenshot ${shot}`);
} finally {
  await browser.close();
}

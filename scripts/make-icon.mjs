// Renders build/icon.svg to build/icon.png (1024×1024) with Chromium; electron-builder derives
// the .icns and .ico from it. Run after editing the SVG: node scripts/make-icon.mjs
import { chromium } from '@playwright/test';
import fs from 'node:fs';

const svg = fs.readFileSync('build/icon.svg', 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
await page.setContent(
  `<body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg width="1024" height="1024" ')}</body>`,
);
await page.screenshot({ path: 'build/icon.png', omitBackground: true });
await browser.close();
console.log('build/icon.png written');

import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { newDataDir, startHost } from './host';
import { createSessionInUi } from './runSetup';

test('a multi-tenant command added in Prepare shows the lines it dropped and why, and warns when none names a tenant', async ({
  page,
}) => {
  const dir = newDataDir();
  const mixed = path.join(dir, 'mixed.log');
  fs.writeFileSync(
    mixed,
    [
      JSON.stringify({ level: 'error', msg: 'checkout failed', tenant: 'internal' }),
      JSON.stringify({ level: 'info', msg: 'acme order placed', tenantId: 'acme' }),
      'level=info msg="globex refund" tenant=globex',
      'no tenant named here',
    ].join('\n') + '\n',
  );
  const unscoped = path.join(dir, 'unscoped.js');
  fs.writeFileSync(unscoped, `setInterval(() => console.log('pod line without a tenant'), 200);`);
  const host = await startHost();
  try {
    await page.goto(host.url);
    await createSessionInUi(page, 'Local sources');
    const add = page.getByRole('form', { name: 'Add a source' });
    const addCommand = async (name: string, command: string) => {
      await add.getByLabel('Kind').selectOption('command');
      await add.getByLabel('Name').fill(name);
      await add.getByLabel('Command', { exact: true }).fill(command);
      await expect(add.getByRole('radio', { name: /Multi-tenant/ })).toBeChecked();
      await add.getByRole('button', { name: 'Add source' }).click();
      await expect(add.getByLabel('Name')).toHaveValue('');
    };
    await addCommand('mixed', `cat "${mixed}"`);
    await addCommand('unscoped', `"${process.execPath}" "${unscoped}"`);
    const list = page.getByRole('list', { name: 'Local sources' });
    await expect(list.getByRole('listitem', { name: 'mixed' })).toContainText('multi-tenant');

    await page.getByRole('link', { name: /Run/ }).click();
    await page.getByRole('button', { name: 'Start session' }).click();
    // The Run view shows the warning beside the source's status.
    await expect(
      page.getByRole('alert').filter({ hasText: /unscoped: Lines arrive but none names a tenant/ }),
    ).toBeVisible();
    await page.getByRole('link', { name: /Prepare/ }).click();

    const item = list.getByRole('listitem', { name: 'mixed' });
    await expect(item).toContainText('finished');
    await expect(item.getByLabel('Lines')).toHaveText(
      '4 lines read · 1 stored · 2 dropped: another tenant · 1 dropped: no tenant',
    );
    const other = list.getByRole('listitem', { name: 'unscoped' });
    await expect(other.getByRole('alert')).toContainText(
      'switch to single-tenant if this command only reads the internal tenant',
    );
    await other.getByRole('button', { name: 'Make single-tenant' }).click();
    await expect(other).toContainText('single-tenant');
    await expect(other.getByRole('alert')).toHaveCount(0);
    await expect(other.getByLabel('Lines')).toContainText(/[1-9]\d* stored/);
  } finally {
    await host.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

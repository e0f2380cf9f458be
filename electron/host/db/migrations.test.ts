import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';

/**
 * The SHA-256 of every shipped migration's SQL. A shipped migration has already run on users'
 * databases: editing it would leave their schema different from a new user's with no way to
 * tell. Change the schema with a new migration, and add its hash here when it ships.
 */
const SHIPPED: Record<number, string> = {
  1: '48e25bfedd216711fa05b9d70ea81ee8bc843af63a6aa48fbb073fbbfc3ae186',
  2: '2264c51db315f18ff31ac986be80ed2043c421d112b2073d37fe0c246836f386',
  3: 'c68cd415a477472843ea98127a0d0be0f389ddd43616f8a69bc96f717830df17',
  4: '2fb54b13cbb63c9b80678fd93c8ad9e07427480401b5d66b758dbb36bafe446d',
  5: '3eb5d19f939421190e080d34b6f928b659114f4e71ee543719a0b6ba21244496',
  6: '3b3cdeff7d26af9e9d955689f13f86a8141efb45267eb5c1cfadba512f018dc8',
  7: '4638e342727e9e4ffc7886f999856e9d383ff16a247d80ef8415f1ab5ccd8d9e',
  8: '28be95ddabe9ae353350254cfadd874c8085df7150686b1dfc7508b3d5f9bc79',
  9: '714459ec499395db2a000abe7c84a2090cf55061e171944be7151d6ac7c01ecc',
  10: '782753fddfbd887a39a2af854d498de99921a952aa45632f18c94057e48fa6cd',
  11: 'cbbe367708dfe3c533858e54cb3cf81ec0eae693e75f3064daf83c6e899fa6c8',
  12: '7537fa3b9dddd487a7e7c95913f6781a444d1122ef87ff081569ccc8f3b357f0',
  13: '755be4e4aa59b42246e81b57e4e939d0f5da994934ab0b844931876a666193a5',
  14: '62a630c923fc6394f7d470b11dd4d2d2f8a8b78eddba8e3a96a48bda55d75e48',
  15: '356a01fab9cb922842331bfd2e46ebdd262d216736eca5f9ba442bc3c6488270',
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('migrations refuse drift', () => {
  it('leaves every shipped migration exactly as it shipped', () => {
    const changed = MIGRATIONS.filter((m) => m.version in SHIPPED)
      .filter((m) => sha256(m.sql) !== SHIPPED[m.version])
      .map((m) => `migration ${m.version} (${m.name}) was edited after it shipped: add a new one`);
    expect(changed).toEqual([]);
  });

  it('loses no shipped migration and numbers new ones after them, without gaps', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    for (const v of Object.keys(SHIPPED).map(Number)) expect(versions).toContain(v);
  });

  it('has a recorded hash for every migration, so a new one is recorded when it ships', () => {
    const unrecorded = MIGRATIONS.filter((m) => !(m.version in SHIPPED)).map(
      (m) => `${m.version}: '${sha256(m.sql)}',`,
    );
    expect(unrecorded, 'add these lines to SHIPPED').toEqual([]);
  });
});

/**
 * SQLite's page cache per connection, in KiB, set explicitly on each: better-sqlite3 builds
 * SQLite with 16 MB per connection, which every long-lived connection fills as the store grows
 * past it and keeps for as long as the host runs. The host's and the feed writer's connections
 * keep 8 MB each (the hot pages of the indexes and the full-text segments being merged); the
 * backup connection reads each page once, so a cache only holds memory; the CLI runs briefly.
 * No module import here: the feed writer's thread bundles this file on its own.
 */
export const PAGE_CACHE_KIB = { host: 8192, writer: 8192, backup: 256, cli: 2048 } as const;

/** The pragma that caps a connection's page cache (a negative cache_size is in KiB). */
export const pageCachePragma = (kib: number) => `cache_size = -${kib}`;

import fs from 'node:fs';
import { ApiError } from '../../../shared/api/errors';
import type { HandlerMap } from '../context';
import { requireStatus } from '../run/service';
import { requireSession } from '../sessions/guards';
import { createScreenshotFiles } from './store';

export const EXT: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

export const screenshotHandlers: HandlerMap<'screenshots.upload' | 'screenshots.get'> = {
  'screenshots.upload': (args, host) => {
    requireStatus(host, args.sessionId, ['running', 'paused'], 'attach a screenshot');
    const bytes = Buffer.from(args.bytes.buffer, args.bytes.byteOffset, args.bytes.byteLength);
    const saved = createScreenshotFiles(host.info.dataDir).save(bytes);
    const record = {
      hash: saved.hash,
      mime: saved.type.mime,
      bytes: bytes.length,
      width: saved.width,
      height: saved.height,
      createdAt: host.clock.now(),
    };
    host.repos.screenshots.insert(args.sessionId, record);
    return {
      hash: record.hash,
      mime: record.mime,
      bytes: record.bytes,
      width: record.width,
      height: record.height,
    };
  },

  'screenshots.get': (args, host) => {
    requireSession(host.repos, args.sessionId);
    const record = host.repos.screenshots.get(args.sessionId, args.hash);
    if (!record) throw new ApiError('not_found', 'Screenshot not found');
    const file = createScreenshotFiles(host.info.dataDir).pathOf(
      record.hash,
      EXT[record.mime] ?? 'png',
    );
    return { mime: record.mime, bytes: new Uint8Array(fs.readFileSync(file)) };
  },
};

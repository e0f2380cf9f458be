import { describe, expect, it } from 'vitest';
import { sentryEventToRaw } from './event';
import { sentryLogsToRaw } from './log';
import { sentryApiEventToRaw } from '../../sources/pull/sentryApi';
import { releaseAppName, sentryService } from './service';

describe('the service of a Sentry event', () => {
  it('is never the machine: server_name stays an attribute', () => {
    const raw = sentryEventToRaw(
      { message: 'x', level: 'error', server_name: 'ip-10-0-3-17', release: 'checkout@1.4.2' },
      1,
    );
    expect(raw.service).toBe('checkout');
    expect(raw.attributes['server.name']).toBe('ip-10-0-3-17');
    expect(sentryEventToRaw({ message: 'x', server_name: 'pod-7f9c' }, 1).service).toBe('');
  });

  it('is the service tag first, then the app context, then the release name', () => {
    const event = {
      message: 'x',
      tags: { service: 'payments' },
      contexts: { app: { app_name: 'Shop' } },
      release: 'checkout@1.0.0',
    };
    expect(sentryEventToRaw(event, 1).service).toBe('payments');
    expect(sentryEventToRaw({ ...event, tags: {} }, 1).service).toBe('Shop');
    expect(sentryEventToRaw({ ...event, tags: [['service.name', 'cart']] }, 1).service).toBe(
      'cart',
    );
    expect(sentryEventToRaw({ ...event, tags: {}, contexts: {} }, 1).service).toBe('checkout');
  });

  it('takes the application part of name@version releases only', () => {
    expect(releaseAppName('checkout@1.4.2')).toBe('checkout');
    expect(releaseAppName('@scope/web@2.0.0')).toBe('@scope/web');
    expect(releaseAppName('com.example.app@2.0+31')).toBe('com.example.app');
    expect(releaseAppName('1.4.2')).toBe('');
    expect(releaseAppName('9f86d081884c7d65')).toBe('');
    expect(releaseAppName(null)).toBe('');
    expect(sentryService({ tags: { service: 'x'.repeat(500) } })).toHaveLength(200);
  });

  it('of a Sentry log is not its server.address either', () => {
    const attributes = {
      'server.address': { value: 'ip-10-0-3-17', type: 'string' },
      'sentry.release': { value: 'checkout@1.4.2', type: 'string' },
    };
    const [log] = sentryLogsToRaw({ items: [{ timestamp: 1, body: 'b', attributes }] }, 1);
    expect(log!.service).toBe('checkout');
    expect(log!.attributes['tag:server.address']).toBe('ip-10-0-3-17');
  });

  it('of an event pulled from the Sentry Web API is not its server_name tag', () => {
    const config = {
      url: 'https://sentry.io',
      organization: 'o',
      projects: ['p'],
      tenantTag: 'tenant',
      tenantKey: 'tenant.id',
      tenant: 'internal',
    };
    const event = {
      eventID: 'e1',
      dateCreated: '2025-01-01T00:00:00Z',
      platform: 'javascript',
      tags: [
        { key: 'server_name', value: 'ip-10-0-3-17' },
        { key: 'release', value: 'checkout@1.4.2' },
      ],
    };
    const pulled = sentryApiEventToRaw(event, config)!;
    expect(pulled.service).toBe('checkout');
    expect(pulled.attributes['tag:server_name']).toBe('ip-10-0-3-17');
  });
});

/** Longest service name taken from an event; longer ones are cut (they are labels, not text). */
const MAX_SERVICE = 200;

const text = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';

/**
 * The application named by a Sentry release: SDKs and sentry-cli write `name@version`
 * (`checkout@1.4.2`, `com.example.app@2.0+31`); a bare version or hash names no application.
 */
export function releaseAppName(release: string | null | undefined): string {
  if (!release) return '';
  const at = release.lastIndexOf('@');
  return at > 0 ? release.slice(0, at).trim() : '';
}

/**
 * Which service a Sentry event or log came from. Sentry's `server_name` is the machine (a pod or
 * host name), not the service: it is kept as the `server.name` attribute only. The service is,
 * first found: a `service` tag or attribute (or OpenTelemetry's `service.name`), the app name in
 * the `app` context, the application part of the release. Otherwise unknown ('').
 */
export function sentryService(from: {
  tags: Record<string, unknown>;
  appName?: unknown;
  release?: string | null;
}): string {
  const name =
    text(from.tags['service']) ||
    text(from.tags['service.name']) ||
    text(from.appName) ||
    releaseAppName(from.release);
  return name.slice(0, MAX_SERVICE);
}

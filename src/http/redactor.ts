// Secrets never leave the process: every string headed for a report, log or error passes through here.
export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Array<string | undefined>) {
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4))].sort(
      (a, b) => b.length - a.length,
    );
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out;
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (/^(authorization|proxy-authorization|cookie|set-cookie)$/i.test(name)) {
        const scheme = /^(\w+)\s/.exec(value)?.[1];
        out[name] = scheme ? `${scheme} [redacted]` : '[redacted]';
      } else {
        out[name] = this.redact(value);
      }
    }
    return out;
  }
}

// The harness, not each check, keeps the promise that the suite never changes or deletes what it did not create:
// PATCH, PUT and DELETE on a resource go out only for ids this run created, or ids it made up to probe 404s.
const RESOURCE_PATH = /^\/(Users|Groups)\/([^/?]+)/i;

export class OwnershipError extends Error {}

export class Ownership {
  private readonly owned = new Set<string>();

  /** With readOnly (--read-only), nothing but GET goes out, whatever a check tries. */
  constructor(private readonly readOnly = false) {}

  own(id: string): void {
    this.owned.add(id);
  }

  /** Throws before anything is sent when a mutating request targets someone else's resource. */
  assertMayChange(method: string, path: string): void {
    if (method === 'GET') return;
    if (this.readOnly) throw new OwnershipError(`refused ${method} ${path}: the run is --read-only`);
    if (method === 'POST') return;
    const match = RESOURCE_PATH.exec(path);
    if (!match) throw new OwnershipError(`refused ${method} ${path}: the suite only changes individual resources it created`);
    const id = decodeURIComponent(match[2]!);
    if (!this.owned.has(id))
      throw new OwnershipError(
        `refused ${method} ${path}: ${id} was not created by this run, and the suite never changes or deletes what it did not create`,
      );
  }
}

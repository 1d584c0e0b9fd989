/**
 * Locks and temporary folders that survive a killed process (SIGKILL, a closed terminal, a crashed machine).
 *
 * A lock is a directory holding `owner.json` (process id, host, the process's start time): it is created complete
 * under another name and renamed into place, so there is never a lock without an owner. A waiting process takes the
 * lock over at once when its owner has gone (no such process on this host, or the process id now belongs to a newer
 * process); an owner on another host (a shared drive) cannot be checked and is taken over only when the lock is older
 * than `staleMs`. Temporary folders carry their owner's process id in their name (`dist.tmp-1234`) and are removed on
 * the next run when that process has gone (another build may still be using its own).
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {hostname} from "node:os";
import {dirname, join} from "node:path";
import {z} from "zod";

const ownerSchema = z.object({pid: z.number().int().positive(), host: z.string(), startTicks: z.string().nullable(), startedAt: z.string()});
export type LockOwner = z.infer<typeof ownerSchema>;

/** A process's start time in clock ticks since boot (Linux /proc), which tells a reused process id apart; else null. */
export function processStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf-8");
    // Fields after the command name (which may hold spaces and brackets): state is the 3rd field, start time the 22nd.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** True while a process with this id exists and is not a zombie (killed, waiting to be reaped by its parent). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf-8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true; // no /proc (macOS): kill(0) said it exists
  }
}

export function currentOwner(): LockOwner {
  return {
    pid: process.pid,
    host: hostname(),
    startTicks: processStartTicks(process.pid),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString()
  };
}

/** True when the owner's process is certainly gone: same host, and no process with its id and start time. */
export function ownerGone(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (!processAlive(owner.pid)) return true;
  const ticks = processStartTicks(owner.pid);
  return owner.startTicks !== null && ticks !== null && ticks !== owner.startTicks;
}

export function readOwner(lock: string): LockOwner | null {
  try {
    return ownerSchema.parse(JSON.parse(readFileSync(join(lock, "owner.json"), "utf-8")));
  } catch {
    return null;
  }
}

const sameOwner = (a: LockOwner | null, b: LockOwner | null) => !!a && !!b && a.pid === b.pid && a.host === b.host && a.startTicks === b.startTicks;

export interface LockOptions {
  /** A lock whose owner cannot be checked (another host, an unreadable owner file) is taken over after this long. */
  staleMs?: number;
  /** Give up after waiting this long. */
  timeoutMs?: number;
  pollMs?: number;
  /** How often, at most, to say what we wait for. */
  sayEveryMs?: number;
  say?: (line: string) => void;
  /** Checked while waiting: when true, stop waiting and take no lock (e.g. the work the lock guards is done). */
  done?: () => boolean;
}

/** Takes the lock directory if it is free; false when it is held. */
function tryTake(lock: string): boolean {
  const fresh = `${lock}.new-${process.pid}`;
  rmSync(fresh, {recursive: true, force: true});
  mkdirSync(fresh, {recursive: true});
  writeFileSync(join(fresh, "owner.json"), JSON.stringify(currentOwner()));
  try {
    renameSync(fresh, lock); // fails when the lock exists (a directory that is not empty)
    return true;
  } catch (error) {
    rmSync(fresh, {recursive: true, force: true});
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTEMPTY" || code === "EEXIST" || code === "EPERM" || code === "EACCES") return false;
    throw error;
  }
}

/** Removes a lock left by `owner`, unless someone else took it meanwhile (then it is put back). */
function takeOver(lock: string, owner: LockOwner | null): void {
  const aside = `${lock}.stale-${process.pid}`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // already gone
  }
  if (owner === null || sameOwner(readOwner(aside), owner)) rmSync(aside, {recursive: true, force: true});
  else {
    try {
      renameSync(aside, lock);
    } catch {
      rmSync(aside, {recursive: true, force: true});
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits for and takes the lock directory `lock`; resolves to a release function, or to null when `done()` became true
 * first. Releasing removes the lock only if it is still ours.
 */
export async function acquireLock(lock: string, options: LockOptions = {}): Promise<(() => void) | null> {
  const {staleMs = 600_000, timeoutMs = 600_000, pollMs = 200, sayEveryMs = 5000, say = (l: string) => console.error(l), done = () => false} = options;
  mkdirSync(dirname(lock), {recursive: true});
  const started = Date.now();
  let said = 0;
  for (;;) {
    if (tryTake(lock)) {
      const mine = readOwner(lock);
      return () => {
        if (sameOwner(readOwner(lock), mine)) rmSync(lock, {recursive: true, force: true});
      };
    }
    if (done()) return null;
    const owner = readOwner(lock);
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if ((owner && ownerGone(owner)) || ((!owner || owner.host !== hostname()) && age > staleMs)) {
      say(`Taking over ${lock}: ${owner ? `its owner (pid ${owner.pid} on ${owner.host}) has gone` : `it has no owner and is ${Math.round(age / 1000)} s old`}.`);
      takeOver(lock, owner);
      continue;
    }
    const waited = Date.now() - started;
    if (waited > timeoutMs) {
      throw new Error(`Timed out after ${Math.round(waited / 1000)} s waiting for ${lock} (held by ${owner ? `pid ${owner.pid} on ${owner.host}` : "an unknown process"}); delete it if no build is running.`);
    }
    if (Date.now() - said >= sayEveryMs) {
      said = Date.now();
      say(`Waiting for ${lock}, held by ${owner ? `pid ${owner.pid} on ${owner.host} (started ${owner.startedAt})` : "a process that has not written its owner file"}…`);
    }
    await sleep(pollMs);
  }
}

/**
 * Removes the temporary folders in `parent` whose name matches `pattern` (its first group: the owner's process id)
 * and whose process has gone, e.g. `/^dist\.(?:tmp|old)-(\d+)$/`. Returns the paths removed. Folders of a running
 * process are left alone. `keep(path)` may claim one instead (e.g. to restore it); it is then not removed.
 */
export function removeStaleTemp(parent: string, pattern: RegExp, keep: (path: string) => boolean = () => false): string[] {
  if (!existsSync(parent)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(parent).sort()) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    const path = join(parent, name);
    if (keep(path)) continue;
    rmSync(path, {recursive: true, force: true});
    removed.push(path);
  }
  return removed;
}

/** A RegExp source matching `text` literally. */
export const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

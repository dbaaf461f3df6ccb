// A small tmpfs for a test: a volume that really fills up (the file system
// answers ENOSPC) without touching the machine's disk. Mounting needs root
// (the test machines and CI run as root); when it is not possible the test
// fails with the reason, never skips.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Tmpfs {
  /** Where it is mounted. */
  readonly dir: string;
  /** Bytes free on it now. */
  free(): number;
  /**
   * Writes a filler file (named `name`, in the root) so that about `freeBytes`
   * stay free; returns its path. Delete it with `unfill`.
   */
  fill(name: string, freeBytes: number): string;
  unfill(name: string): void;
  /** Unmounts it (lazily if a file is still open) and removes the mount point. */
  unmount(): void;
}

export function mountTmpfs(sizeBytes: number, prefix = 'eddy-tmpfs-'): Tmpfs {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`could not mount a ${sizeBytes}-byte tmpfs at ${dir} (the disk-full tests need root to mount one): ${stderr || (err as Error).message}`);
  }
  const free = (): number => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    dir,
    free,
    fill(name, freeBytes) {
      const file = path.join(dir, name);
      const bytes = free() - freeBytes;
      if (bytes > 0) writeFileSync(file, Buffer.alloc(bytes, 0x5a));
      return file;
    },
    unfill(name) {
      unlinkSync(path.join(dir, name));
    },
    unmount() {
      try {
        execFileSync('umount', [dir], { stdio: 'ignore' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

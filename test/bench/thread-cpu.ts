// What a process's threads have used of the CPU so far, for the benches that
// compare servers' CPU over a window (produce/e2e, idle).
import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU ms of each thread of a process so far (thread id -> ms), from
 * /proc/<pid>/task/<tid>/schedstat (ns; stat counts 10 ms ticks, coarse for one
 * thread over a few seconds). The main thread is the one whose id is the pid.
 */
export function threadCpuMs(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        out.set(Number(tid), Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
      } catch {
        // the thread exited
      }
    }
  } catch {
    // the process exited
  }
  return out;
}

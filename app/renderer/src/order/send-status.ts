/**
 * What the till says after Send: "Sent" only once every printer took the bytes. A job that is
 * still waiting after an attempt failed is a warning naming the printer.
 */
import type { PrintJobView } from '../../../core/print/print-queue';

export type SendPhase = 'printing' | 'printed' | 'failed';

export function sendPhase(jobs: readonly PrintJobView[]): SendPhase {
  const live = jobs.filter((j) => j.status !== 'cancelled');
  if (live.length > 0 && live.every((j) => j.status === 'printed')) return 'printed';
  if (live.some((j) => j.status === 'pending' && j.attempts > 0 && j.lastErrorCode !== null)) return 'failed';
  return 'printing';
}

/** The printers that have not taken their job yet (after a failed attempt). */
export function failingJobs(jobs: readonly PrintJobView[]): PrintJobView[] {
  return jobs.filter((j) => j.status === 'pending' && j.attempts > 0 && j.lastErrorCode !== null);
}

/**
 * The one-line summary of a tail shown at the bottom of its terminal and in its name: state, pods,
 * streams per state (queued and failing ones visible), lines, filters, and the keys.
 */
import type { TailStatus } from './tail-session';

export const KEYS_HELP =
  'p pause · c clear · / search · i/x/h include/exclude/highlight · t time · j json · s save · o open in editor · q stop';

export function statusText(s: TailStatus): string {
  const st = s.streams;
  const parts: string[] = [
    s.state === 'waiting'
      ? '… waiting for pods'
      : s.state === 'paused'
        ? '⏸ paused'
        : s.state === 'stopped'
          ? '■ stopped'
          : '▶',
    `${s.pods} pod${s.pods === 1 ? '' : 's'}`,
    `${st.streaming} streaming`,
  ];
  if (st.connecting) parts.push(`${st.connecting} connecting`);
  if (st.queued) parts.push(`${st.queued} queued`);
  if (st.retrying) parts.push(`${st.retrying} reconnecting`);
  if (st.forbidden) parts.push(`${st.forbidden} forbidden`);
  if (st.ended) parts.push(`${st.ended} ended`);
  parts.push(`${s.lines.toLocaleString('en-US')} lines`);
  if (s.droppedFromBuffer) parts.push(`buffer ${s.buffered.toLocaleString('en-US')} (oldest dropped)`);
  if (s.filters) parts.push(s.filters);
  if (s.problem) parts.push(`⚠ ${s.problem}`);
  return parts.join(' · ');
}

/** Fits text into `width` columns (cut with an ellipsis). */
export const fit = (text: string, width: number): string =>
  width > 0 && text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;

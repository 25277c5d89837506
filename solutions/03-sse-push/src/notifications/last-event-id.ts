/**
 * The notification id a client last received, from the `Last-Event-ID`
 * header or the `lastEventId` query parameter. Anything that is not a whole
 * number of 0 or more counts as absent: the stream then starts live.
 */
export function parseLastEventId(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/** A transcript line: when it happened (ms after the check began) and what. A note has no time. */
export interface TimedLine {
  at?: number;
  text: string;
}

/** A stack frame the app printed (`app: at f (file:line:col)`), as the app log records it. */
const FRAME = /^app: at /;
/** A frame in the learner's code: their app's src/, not a package's. */
const LEARNER_FRAME = /[/\\]src[/\\]/;
/** Where the frames the learner cannot change are: a package's, Node's own, the course's check harness. */
const PLACES: [string, RegExp][] = [
  ['node_modules', /[/\\]node_modules[/\\]/],
  ["Node's own code", /(?:\(|at )node:/],
  ["the course's checks", /./],
];
/** How many lines above a stack its error's message may take (`ERROR [ExceptionsHandler] Error: …` and more). */
const MESSAGE_LINES = 5;

type Item =
  { kind: 'line'; line: TimedLine; kept: boolean; essential: boolean } | { kind: 'library'; frames: TimedLine[] };

/**
 * A transcript cut to `maxLines`. What an error's stack says the learner needs first: its message and the
 * frames in their own code; the frames in node_modules (and Node) go into one line per run, shown one by one
 * only while there is room. Then the latest lines; those left out are counted where they were.
 */
export function shortenTranscript(lines: TimedLine[], maxLines: number): TimedLine[] {
  if (lines.length <= maxLines) return lines;
  const items = itemsOf(lines);
  // The notes of lines left out come on top, as they always did.
  const cost = () => items.reduce((sum, item) => sum + (item.kind === 'library' || item.kept ? 1 : 0), 0);
  // The oldest lines go first, except an error's message and the learner's frames.
  for (const item of items) {
    if (cost() <= maxLines) break;
    if (item.kind === 'line' && !item.essential) item.kept = false;
  }
  let room = maxLines - cost();
  const shown: TimedLine[] = [];
  let dropped = 0;
  for (const item of items) {
    if (item.kind === 'line' && !item.kept) {
      dropped += 1;
      continue;
    }
    if (dropped > 0) shown.push({ text: `(${dropped} ${shown.length === 0 ? 'earlier ' : ''}lines not shown)` });
    dropped = 0;
    if (item.kind === 'line') {
      shown.push(item.line);
      continue;
    }
    // A run shown whole costs its length; shown in part, its first frames and one line for the rest.
    const whole = item.frames.length - 1 <= room;
    const first = whole ? item.frames.length : Math.max(room, 0);
    shown.push(...item.frames.slice(0, first));
    room -= whole ? item.frames.length - 1 : first;
    if (!whole) shown.push(collapsed(item.frames.slice(first), first > 0));
  }
  return shown;
}

/** The lines, with every run of library frames as one item, and what must stay marked essential. */
function itemsOf(lines: TimedLine[]): Item[] {
  const items: Item[] = [];
  lines.forEach((line, index) => {
    const frame = FRAME.test(line.text);
    if (frame && !isLearnerFrame(line.text)) {
      const last = items.at(-1);
      if (last?.kind === 'library') last.frames.push(line);
      else items.push({ kind: 'library', frames: [line] });
      return;
    }
    items.push({ kind: 'line', line, kept: true, essential: frame || isErrorMessage(lines, index) });
  });
  return items;
}

function isLearnerFrame(text: string): boolean {
  return LEARNER_FRAME.test(text) && !PLACES[0][1].test(text);
}

/** A line the app printed just above a stack's frames: the error's message (and its log header). */
function isErrorMessage(lines: TimedLine[], index: number): boolean {
  for (let next = index + 1; next <= index + MESSAGE_LINES && next < lines.length; next += 1) {
    const text = lines[next].text;
    if (FRAME.test(text)) return true;
    if (!text.startsWith('app: ')) return false;
  }
  return false;
}

/** `… 31 frames in node_modules`: a run of frames where the learner has nothing to change. */
function collapsed(frames: TimedLine[], more: boolean): TimedLine {
  const placeOf = (text: string) => PLACES.find(([, pattern]) => pattern.test(text))?.[0];
  const places = PLACES.map(([place]) => place).filter((place) =>
    frames.some((frame) => placeOf(frame.text) === place),
  );
  const where = places.length > 1 ? `${places.slice(0, -1).join(', ')} and ${places.at(-1)}` : places[0];
  const count = `${frames.length}${more ? ' more' : ''} frame${frames.length === 1 ? '' : 's'}`;
  return { at: frames[0].at, text: `app: … ${count} in ${where}` };
}
